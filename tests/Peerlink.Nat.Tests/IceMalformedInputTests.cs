using System.Net;
using FsCheck.Xunit;
using Peerlink.Nat.Ice;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Tests;

/// <summary>A peer's bytes and a peer's SDP lines never make the agent or the parser throw.</summary>
public class IceMalformedInputTests
{
    // FsCheck 3 replay "(seed,gamma)", gamma odd: every run generates the same cases.
    private const string Seed = "(8445883900127777111,1234567890123456789)";

    private static readonly IPEndPoint Local = new(IPAddress.Parse("192.0.2.1"), 5000);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.2"), 6000);

    private static IceAgent Agent()
    {
        var agent = new IceAgent(IceRole.Controlled, new Random(5));
        agent.AddLocalCandidate(IceCandidate.Host(Local));
        agent.SetRemoteCredentials("peer", "0123456789012345678901");
        agent.AddRemoteCandidate(IceCandidate.Host(Peer));
        return agent;
    }

    /// <summary>A well-formed, correctly signed check from the peer, to corrupt.</summary>
    private static byte[] GoodCheck(IceAgent agent) =>
        StunCodec.Encode(
            new StunMessage(StunClass.Request, StunMessage.Binding, Core.Bytes.FromHex("0102030405060708090a0b0c"))
            {
                Attributes =
                [
                    new StunAttributeEntry(StunAttributeType.Username, Core.Bytes.FromUtf8(agent.LocalUfrag + ":peer")),
                    new StunAttributeEntry(StunAttributeType.Priority, Core.Bytes.FromHex("6effffff")),
                    new StunAttributeEntry(StunAttributeType.IceControlling, Core.Bytes.FromHex("0000000000000001")),
                    new StunAttributeEntry(StunAttributeType.UseCandidate, Core.Bytes.Empty),
                ],
            },
            System.Text.Encoding.UTF8.GetBytes(agent.LocalPassword),
            fingerprint: true);

    [Property(Replay = Seed, MaxTest = 2000)]
    public void Receive_ArbitraryBytes_NeverThrows(byte[] bytes)
    {
        var agent = Agent();
        agent.Receive(TimeSpan.Zero, Local, Peer, bytes);
        agent.Poll(TimeSpan.FromSeconds(1));
    }

    [Property(Replay = Seed, MaxTest = 2000)]
    public void Receive_CorruptedSignedCheck_NeverThrows_AnsweredOnlyWhenIntact(int index, byte value)
    {
        var agent = Agent();
        var check = GoodCheck(agent);
        var at = (int)((uint)index % (uint)check.Length);
        var intact = check[at] == value;
        check[at] = value;

        agent.Receive(TimeSpan.Zero, Local, Peer, check);

        var answers = agent.TakeDatagrams().Where(d => StunCodec.TryDecode(d.Payload.Span, out var m, out _) && m.Class == StunClass.SuccessResponse);
        if (!intact && at >= StunCodec.HeaderLength)
        {
            Assert.Empty(answers);
        }
    }

    [Fact]
    public void Receive_IntactSignedCheck_Answered()
    {
        var agent = Agent();
        agent.Receive(TimeSpan.Zero, Local, Peer, GoodCheck(agent));
        Assert.Contains(agent.TakeDatagrams(), d => StunCodec.TryDecode(d.Payload.Span, out var m, out _) && m.Class == StunClass.SuccessResponse);
    }

    [Property(Replay = Seed, MaxTest = 2000)]
    public void TryParse_ArbitraryText_NeverThrows_CandidateOrReason(string? text)
    {
        foreach (var line in new[] { text, "candidate:" + text, "candidate:1 1 udp 1 10.0.0.1 1 typ host " + text })
        {
            var parsed = IceCandidate.TryParse(line, out var candidate, out var reason);
            Assert.Equal(parsed, candidate is not null);
            Assert.Equal(parsed, reason is null);
        }
    }
}
