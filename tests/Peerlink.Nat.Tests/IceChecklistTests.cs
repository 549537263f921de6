using System.Net;
using Peerlink.Nat.Ice;

namespace Peerlink.Nat.Tests;

/// <summary>Checklists: pair priority (RFC 8445 §6.1.2.3), pairing and pruning (§6.1.2.2, §6.1.2.4), limit (§6.1.2.5), initial states (§6.1.2.6).</summary>
public class IceChecklistTests
{
    private static readonly IPEndPoint LocalHost = new(IPAddress.Parse("10.0.0.2"), 5000);
    private static readonly IceCandidate Host = IceCandidate.Host(LocalHost);
    private static readonly IceCandidate Srflx = IceCandidate.ServerReflexive(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 40000), LocalHost, IPAddress.Parse("192.0.2.9"));

    private static IceCandidate Remote(string address, int port, IceCandidateType type = IceCandidateType.Host, int component = 1) =>
        new(IceCandidate.ComputeFoundation(type, IPAddress.Parse(address), null), component, "udp", IceCandidate.ComputePriority(type, 65535, component), IPAddress.Parse(address), port, type);

    // 2^32 * MIN(G, D) + 2 * MAX(G, D) + (G > D ? 1 : 0), computed by hand for G = 2130706431 (host), D = 1694498815 (srflx).
    [Theory]
    [InlineData(2130706431u, 1694498815u, 7277816997797167103ul)]
    [InlineData(1694498815u, 2130706431u, 7277816997797167102ul)]
    [InlineData(5u, 5u, (5ul << 32) + 10ul)]
    public void ComputePriority_RfcFormula_HandComputedValue(uint controlling, uint controlled, ulong expected) =>
        Assert.Equal(expected, IceCandidatePair.ComputePriority(controlling, controlled));

    [Fact]
    public void Form_SrflxLocal_ReplacedByItsBase_RedundantPairDropped()
    {
        var remote = Remote("203.0.113.5", 7000);
        var pairs = IceChecklist.Form([new IceLocalCandidate(Host, LocalHost), new IceLocalCandidate(Srflx, LocalHost)], [remote], IceRole.Controlling);

        var pair = Assert.Single(pairs);
        Assert.Equal(Host, pair.Local);
        Assert.Equal(LocalHost, pair.LocalBase);
        Assert.Equal(IceCandidatePairState.Frozen, pair.State);
        Assert.Equal(IceCandidatePair.ComputePriority(Host.Priority, remote.Priority), pair.Priority);
    }

    [Fact]
    public void Form_OtherComponentOrFamily_NotPaired_OrderedByPriority()
    {
        var relay = Remote("203.0.113.6", 7001, IceCandidateType.Relayed);
        var host = Remote("203.0.113.5", 7000);
        var pairs = IceChecklist.Form(
            [new IceLocalCandidate(Host, LocalHost)],
            [relay, Remote("2001:db8::5", 7000), Remote("203.0.113.5", 7002, component: 2), host],
            IceRole.Controlled);

        Assert.Equal([host, relay], pairs.Select(p => p.Remote));
        Assert.Equal(IceCandidatePair.ComputePriority(host.Priority, Host.Priority), pairs[0].Priority);
    }

    [Fact]
    public void Form_MoreThanTheLimit_LowestPriorityPairsGo()
    {
        var remotes = Enumerable.Range(0, 10).Select(i => new IceCandidate("r" + i, 1, "udp", (uint)(1000 + i), IPAddress.Parse("203.0.113.5"), 7000 + i, IceCandidateType.Host)).ToList();
        var pairs = IceChecklist.Form([new IceLocalCandidate(Host, LocalHost)], remotes, IceRole.Controlling, limit: 4);

        Assert.Equal([7009, 7008, 7007, 7006], pairs.Select(p => p.Remote.Port));
    }

    [Fact]
    public void SetInitialStates_OnePairPerFoundationWaiting_TheHighestPriority()
    {
        // Two remote ports on one address share a foundation; the relay has its own.
        var a = Remote("203.0.113.5", 7000);
        var b = a with { Port = 7001, Priority = a.Priority - 1 };
        var relay = Remote("203.0.113.6", 7002, IceCandidateType.Relayed);
        var pairs = IceChecklist.Form([new IceLocalCandidate(Host, LocalHost)], [b, relay, a], IceRole.Controlling);

        IceChecklist.SetInitialStates(pairs);

        Assert.Equal(
            [(7000, IceCandidatePairState.Waiting), (7001, IceCandidatePairState.Frozen), (7002, IceCandidatePairState.Waiting)],
            pairs.Select(p => (p.Remote.Port, p.State)));
    }
}
