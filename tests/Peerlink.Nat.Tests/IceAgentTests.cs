using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Ice;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Tests;

/// <summary>Two agents on a virtual network (RFC 8445 §7, §8, §11).</summary>
public class IceAgentTests
{
    private static readonly IPEndPoint AliceHost = new(IPAddress.Parse("192.0.2.1"), 5000);
    private static readonly IPEndPoint BobHost = new(IPAddress.Parse("192.0.2.2"), 6000);

    private static (IceAgent Alice, IceAgent Bob) Pair(IceRole alice = IceRole.Controlling, IceRole bob = IceRole.Controlled, IceAgentOptions? options = null) =>
        (new IceAgent(alice, new Random(1), options), new IceAgent(bob, new Random(2), options));

    private static void Introduce(IceAgent a, IceAgent b, IEnumerable<IceCandidate> bCandidates)
    {
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        foreach (var c in bCandidates)
        {
            a.AddRemoteCandidate(c);
        }
    }

    /// <summary>Alice and Bob on the public side with their host candidates, not yet told of each other.</summary>
    private static (IceAgent Alice, IceAgent Bob, IceTestNetwork Net) Hosts(IceRole alice = IceRole.Controlling, IceRole bob = IceRole.Controlled, IceAgentOptions? options = null)
    {
        var (a, b) = Pair(alice, bob, options);
        var net = new IceTestNetwork();
        net.Attach(a, AliceHost);
        net.Attach(b, BobHost);
        a.AddLocalCandidate(IceCandidate.Host(AliceHost));
        b.AddLocalCandidate(IceCandidate.Host(BobHost));
        return (a, b, net);
    }

    /// <summary>Alice on the network with her host candidate; Bob (if any) is not attached and never answers.</summary>
    private static IceTestNetwork AliceAlone(IceAgent a)
    {
        var net = new IceTestNetwork();
        net.Attach(a, AliceHost);
        a.AddLocalCandidate(IceCandidate.Host(AliceHost));
        return net;
    }

    private static (IceAgent Alice, IceAgent Bob, IceTestNetwork Net) OnePublicLink(IceRole alice = IceRole.Controlling, IceRole bob = IceRole.Controlled, IceAgentOptions? options = null)
    {
        var (a, b, net) = Hosts(alice, bob, options);
        Introduce(a, b, b.LocalCandidates.Select(l => l.Candidate));
        Introduce(b, a, a.LocalCandidates.Select(l => l.Candidate));
        return (a, b, net);
    }

    /// <summary>Alice (on AliceHost) and Bob (on BobHost), the larger tiebreaker first.</summary>
    private static (IceAgent Larger, IPEndPoint LargerHost, IceAgent Smaller, IPEndPoint SmallerHost) ByTiebreaker(IceAgent a, IceAgent b) =>
        a.Tiebreaker > b.Tiebreaker ? (a, AliceHost, b, BobHost) : (b, BobHost, a, AliceHost);

    /// <summary>Alice, told of Bob's host candidate, sends her first check; Bob is not on any network.</summary>
    private static (IceAgent Alice, IceAgent Bob, StunMessage Request) AlicesFirstCheck()
    {
        var (a, b) = Pair();
        a.AddLocalCandidate(IceCandidate.Host(AliceHost));
        Introduce(a, b, [IceCandidate.Host(BobHost)]);
        a.Poll(TimeSpan.Zero);
        return (a, b, Stun(Assert.Single(a.TakeDatagrams()))!);
    }

    /// <summary>A success response to <paramref name="request"/> that maps Alice to her host address.</summary>
    private static StunMessage SuccessTo(StunMessage request) =>
        new(StunClass.SuccessResponse, StunMessage.Binding, request.TransactionId)
        {
            Attributes = [new StunAttributeEntry(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(AliceHost, request.TransactionId.Span))],
        };

    private static StunMessage? Stun(IceDatagram d) => StunCodec.TryDecode(d.Payload.Span, out var m, out _) ? m : null;

    private static int? ErrorCode(IceDatagram d) =>
        Stun(d) is { Class: StunClass.ErrorResponse } m && m.Find(StunAttributeType.ErrorCode) is { } e ? StunErrorCode.FromValue(e.Value.Span)?.Code : null;

    [Fact]
    public void Agent_Credentials_IceCharsOfTheRightLength_TiebreakerFromTheRandom()
    {
        var a = new IceAgent(IceRole.Controlling, new Random(7));
        var b = new IceAgent(IceRole.Controlling, new Random(7));

        Assert.True(a.LocalUfrag.Length >= 4);
        Assert.True(a.LocalPassword.Length >= 22);
        Assert.Matches("^[A-Za-z0-9+/]+$", a.LocalUfrag + a.LocalPassword);
        Assert.Equal(a.Tiebreaker, b.Tiebreaker);
        Assert.Equal(a.LocalPassword, b.LocalPassword);
        Assert.NotEqual(a.Tiebreaker, new IceAgent(IceRole.Controlling, new Random(8)).Tiebreaker);
    }

    [Fact]
    public void Connect_HostCandidates_BothSelectTheHostPairNominatedByTheControllingAgent()
    {
        var (a, b, net) = OnePublicLink();

        net.Run(TimeSpan.FromSeconds(3));

        Assert.Equal(IceAgentState.Completed, a.State);
        Assert.Equal(IceAgentState.Completed, b.State);
        Assert.Equal(BobHost, a.Selected!.Remote.EndPoint);
        Assert.Equal(AliceHost, b.Selected!.Remote.EndPoint);
        Assert.True(a.Selected.IsNominated && b.Selected.IsNominated);
        Assert.Single(net.Events(a).OfType<IcePairSelected>());
        Assert.Single(net.Events(b).OfType<IcePairSelected>());

        // §8.1.1: the controlling agent sent USE-CANDIDATE; the controlled one never does.
        Assert.Contains(net.Sent, s => s.Datagram.LocalBase.Equals(AliceHost) && Stun(s.Datagram)?.Find(StunAttributeType.UseCandidate) is not null);
        Assert.DoesNotContain(net.Sent, s => s.Datagram.LocalBase.Equals(BobHost) && Stun(s.Datagram)?.Find(StunAttributeType.UseCandidate) is not null);
    }

    [Fact]
    public void Check_Request_CarriesTheRfc8445Attributes_SignedWithTheRemotePassword()
    {
        var (a, b, net) = OnePublicLink();

        net.Run(TimeSpan.FromMilliseconds(1));

        var (_, first) = net.Sent.First(s => s.Datagram.LocalBase.Equals(AliceHost));
        var request = Stun(first)!;
        Assert.Equal(StunClass.Request, request.Class);
        Assert.Equal($"{b.LocalUfrag}:{a.LocalUfrag}", System.Text.Encoding.UTF8.GetString(request.Find(StunAttributeType.Username)!.Value.Span));
        Assert.Equal(Bytes.FromHex("6effffff"), request.Find(StunAttributeType.Priority)!.Value); // 1862270975 = 0x6EFFFFFF: prflx, 65535, component 1
        Assert.Equal(a.Tiebreaker, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(request.Find(StunAttributeType.IceControlling)!.Value.Span));
        Assert.True(StunCodec.CheckIntegrity(first.Payload.Span, System.Text.Encoding.UTF8.GetBytes(b.LocalPassword)));
        Assert.True(StunCodec.CheckFingerprint(first.Payload.Span));
    }

    [Fact]
    public void Send_SelectedPair_DataReachesThePeerAsDataReceived()
    {
        var (a, b, net) = OnePublicLink();
        net.Run(TimeSpan.FromSeconds(3));

        Assert.True(a.Send(net.Now, "hello bob"u8));
        net.Run(TimeSpan.FromSeconds(1));

        var data = Assert.Single(net.Events(b).OfType<IceDataReceived>());
        Assert.Equal(Bytes.FromUtf8("hello bob"), data.Data);
        Assert.Equal(AliceHost, data.From);
        Assert.Equal(BobHost, data.LocalBase);
    }

    [Fact]
    public void Send_NothingSelected_False()
    {
        var (a, _, _) = OnePublicLink();
        Assert.False(a.Send(TimeSpan.Zero, "x"u8));
    }

    [Fact]
    public void Checks_Paced_NoTwoNewChecksCloserThanTa()
    {
        var (a, b) = Pair();
        var net = AliceAlone(a);

        // Four remote addresses: four foundations, four Waiting pairs. Nobody answers, so every datagram is a
        // new check until the first retransmission at 500 ms.
        Introduce(a, b, Enumerable.Range(2, 4).Select(i => IceCandidate.Host(new IPEndPoint(IPAddress.Parse("192.0.2." + i), 6000))));
        net.Run(TimeSpan.FromMilliseconds(400));

        var times = net.Sent.Where(s => s.Datagram.LocalBase.Address.Equals(AliceHost.Address)).Select(s => s.At).ToList();
        Assert.Equal(4, times.Count);
        Assert.All(times.Zip(times.Skip(1)), t => Assert.Equal(TimeSpan.FromMilliseconds(50), t.Second - t.First));
    }

    [Fact]
    public void Connect_AliceBehindPortRestrictedNat_ReachesTheSrflxPath()
    {
        var (a, b) = Pair();
        var net = new IceTestNetwork();
        var nat = new IceTestNat(IPAddress.Parse("198.51.100.1"));
        var inside = new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5000);
        net.Attach(a, inside, nat);
        net.Attach(b, BobHost);
        a.AddLocalCandidate(IceCandidate.Host(inside));
        var mapped = nat.Mapping(inside); // what Alice's STUN client would have learned
        a.AddLocalCandidate(IceCandidate.ServerReflexive(mapped, inside, IPAddress.Parse("192.0.2.9")), inside);
        b.AddLocalCandidate(IceCandidate.Host(BobHost));
        Introduce(a, b, b.LocalCandidates.Select(l => l.Candidate));
        Introduce(b, a, a.LocalCandidates.Select(l => l.Candidate));

        net.Run(TimeSpan.FromSeconds(5));

        Assert.Equal(IceAgentState.Completed, a.State);
        Assert.Equal(IceAgentState.Completed, b.State);
        Assert.Equal(inside, a.Selected!.LocalBase);
        Assert.Equal(IceCandidateType.ServerReflexive, a.Selected.Mapped!.Type);
        Assert.Equal(mapped, b.Selected!.Remote.EndPoint);
        Assert.Equal(IceCandidateType.ServerReflexive, b.Selected.Remote.Type);
    }

    [Fact]
    public void Connect_BothBehindPortRestrictedNats_HolePunchedOnTheSrflxPath()
    {
        var (a, b) = Pair();
        var net = new IceTestNetwork();
        var natA = new IceTestNat(IPAddress.Parse("198.51.100.1"));
        var natB = new IceTestNat(IPAddress.Parse("203.0.113.1"));
        var insideA = new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5000);
        var insideB = new IPEndPoint(IPAddress.Parse("10.1.0.2"), 6000);
        net.Attach(a, insideA, natA);
        net.Attach(b, insideB, natB);
        foreach (var (agent, inside, nat) in new[] { (a, insideA, natA), (b, insideB, natB) })
        {
            agent.AddLocalCandidate(IceCandidate.Host(inside));
            agent.AddLocalCandidate(IceCandidate.ServerReflexive(nat.Mapping(inside), inside, IPAddress.Parse("192.0.2.9")), inside);
        }

        Introduce(a, b, b.LocalCandidates.Select(l => l.Candidate));
        Introduce(b, a, a.LocalCandidates.Select(l => l.Candidate));

        net.Run(TimeSpan.FromSeconds(10));

        Assert.Equal(natB.Mapping(insideB), a.Selected!.Remote.EndPoint);
        Assert.Equal(natA.Mapping(insideA), b.Selected!.Remote.EndPoint);
        Assert.True(natA.Filtered + natB.Filtered > 0, "the first checks met a closed filter");
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void Connect_BothInTheSameRole_ConflictResolvedByTiebreaker_OneNominatedPair(IceRole both)
    {
        var (a, b, net) = OnePublicLink(both, both);
        var (larger, _, smaller, _) = ByTiebreaker(a, b);

        net.Run(TimeSpan.FromSeconds(5));

        // §7.3.1.1: the larger tiebreaker is controlling in the end, the smaller controlled.
        Assert.Equal(IceRole.Controlling, larger.Role);
        Assert.Equal(IceRole.Controlled, smaller.Role);
        Assert.Equal(IceAgentState.Completed, a.State);
        Assert.Equal(IceAgentState.Completed, b.State);
        Assert.Equal(BobHost, a.Selected!.Remote.EndPoint);
        Assert.Equal(AliceHost, b.Selected!.Remote.EndPoint);
        Assert.Single(net.Events(both == IceRole.Controlling ? smaller : larger).OfType<IceRoleChanged>());
    }

    [Fact]
    public void RoleConflict_BothControlling_LargerTiebreakerAnswers487_SmallerSwitchesOnIt()
    {
        // Only the smaller tiebreaker checks first: the larger answers 487 (§7.3.1.1) and the smaller
        // switches on the error (§7.2.5.1).
        var (a, b, net) = Hosts(IceRole.Controlling, IceRole.Controlling);
        var (larger, largerHost, smaller, smallerHost) = ByTiebreaker(a, b);

        Introduce(smaller, larger, [IceCandidate.Host(largerHost)]);
        net.Run(TimeSpan.FromMilliseconds(30));
        Assert.Contains(net.Sent, s => s.Datagram.LocalBase.Equals(largerHost) && ErrorCode(s.Datagram) == 487);
        Assert.Equal(IceRole.Controlled, smaller.Role);
        Assert.Equal(IceRole.Controlling, larger.Role);

        Introduce(larger, smaller, [IceCandidate.Host(smallerHost)]);
        net.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(IceAgentState.Completed, a.State);
        Assert.Equal(IceAgentState.Completed, b.State);
    }

    [Fact]
    public void RoleConflict_SmallerReceivesControllingRequest_SwitchesToControlledWithout487()
    {
        // Only the larger tiebreaker checks: the smaller switches itself to controlled (§7.3.1.1).
        var (a, b, net) = Hosts(IceRole.Controlling, IceRole.Controlling);
        var (larger, _, smaller, smallerHost) = ByTiebreaker(a, b);
        smaller.SetRemoteCredentials(larger.LocalUfrag, larger.LocalPassword);
        Introduce(larger, smaller, [IceCandidate.Host(smallerHost)]);

        net.Run(TimeSpan.FromSeconds(5));

        Assert.DoesNotContain(net.Sent, s => ErrorCode(s.Datagram) == 487);
        Assert.Equal(IceRole.Controlled, smaller.Role);
        Assert.Equal(IceAgentState.Completed, smaller.State);
        Assert.Equal(IceAgentState.Completed, larger.State);
    }

    [Fact]
    public void Check_FirstTwoRequestsLost_RetransmittedAfterRtoThenDoubled_StillConnects()
    {
        var (a, b, net) = Hosts();

        // Bob knows no candidate of Alice's, so he sends no checks: only Alice's retransmissions bring an answer.
        Introduce(a, b, [IceCandidate.Host(BobHost)]);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        var lost = 0;
        net.Drop = d => d.LocalBase.Equals(AliceHost) && Stun(d) is { Class: StunClass.Request } && lost++ < 2;

        net.Run(TimeSpan.FromSeconds(5));

        var requests = net.Sent.Where(s => s.Datagram.LocalBase.Equals(AliceHost) && Stun(s.Datagram) is { Class: StunClass.Request }).ToList();
        var first = requests[0];
        var sameTransaction = requests.Where(r => Stun(r.Datagram)!.TransactionId == Stun(first.Datagram)!.TransactionId).Select(r => r.At - first.At);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500)], sameTransaction);
        Assert.Equal(IceAgentState.Completed, a.State);
        Assert.Equal(IceAgentState.Completed, b.State);
    }

    [Theory]
    [InlineData("192.0.2.2", 6001, false)]
    [InlineData("192.0.2.9", 6000, false)]
    [InlineData("192.0.2.2", 6000, true)]
    public void Response_SourceNotWhereTheRequestWent_NotSymmetric_PairFails(string source, int port, bool symmetric)
    {
        var (a, b, request) = AlicesFirstCheck();
        var response = SuccessTo(request);

        // §7.2.5.2.1: the answer must come from where the check went.
        a.Receive(TimeSpan.FromMilliseconds(10), AliceHost, new IPEndPoint(IPAddress.Parse(source), port), StunCodec.Encode(response, System.Text.Encoding.UTF8.GetBytes(b.LocalPassword), fingerprint: true));

        var pair = Assert.Single(a.Checklist);
        Assert.Equal(symmetric ? IceCandidatePairState.Succeeded : IceCandidatePairState.Failed, pair.State);
        Assert.Equal(symmetric, pair.IsValid);
    }

    [Fact]
    public void Response_SignedWithAnotherPassword_Dropped_PairStillInProgress()
    {
        var (a, b, request) = AlicesFirstCheck();
        var forged = SuccessTo(request);

        a.Receive(TimeSpan.FromMilliseconds(10), AliceHost, BobHost, StunCodec.Encode(forged, "not bob's password"u8, fingerprint: true));

        Assert.Equal(IceCandidatePairState.InProgress, Assert.Single(a.Checklist).State);
        Assert.Equal(1, a.Dropped);
    }

    [Fact]
    public void Answer_WhileOurCheckIsInProgress_TriggeredCheckReplacesIt_OldOneNotRetransmitted()
    {
        var (a, b, net) = Hosts();
        Introduce(a, b, [IceCandidate.Host(BobHost)]);
        var lost = 0;
        net.Drop = d => d.LocalBase.Equals(AliceHost) && Stun(d) is { Class: StunClass.Request } && lost++ < 1;
        net.Run(TimeSpan.FromMilliseconds(100));

        // Bob's check reaches Alice while hers (lost) is in progress: §7.3.1.4 cancels it and triggers a new one.
        Introduce(b, a, [IceCandidate.Host(AliceHost)]);
        net.Run(TimeSpan.FromSeconds(3));

        var requests = net.Sent.Where(s => s.Datagram.LocalBase.Equals(AliceHost) && Stun(s.Datagram) is { Class: StunClass.Request }).ToList();
        var firstId = Stun(requests[0].Datagram)!.TransactionId;
        Assert.Single(requests, r => Stun(r.Datagram)!.TransactionId == firstId);
        Assert.InRange(requests[1].At, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        Assert.Equal(IceAgentState.Completed, a.State);
        Assert.Equal(IceAgentState.Completed, b.State);
    }

    [Fact]
    public void Check_WrongPassword_Answered401_SourceNotLearned_PairFails()
    {
        var (a, b, net) = Hosts();
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword + "x");
        a.AddRemoteCandidate(IceCandidate.Host(BobHost));

        net.Run(TimeSpan.FromSeconds(2));

        Assert.Contains(net.Sent, s => s.Datagram.LocalBase.Equals(BobHost) && ErrorCode(s.Datagram) == 401);
        Assert.DoesNotContain(net.Sent, s => s.Datagram.LocalBase.Equals(BobHost) && Stun(s.Datagram)?.Class == StunClass.SuccessResponse);
        Assert.Empty(b.RemoteCandidates);
        Assert.Empty(b.Checklist);
        Assert.Equal(IceCandidatePairState.Failed, Assert.Single(a.Checklist).State);
        Assert.Equal(IceAgentState.Failed, a.State);
        Assert.Single(net.Events(a).OfType<IceFailed>());
    }

    [Fact]
    public void Check_WrongUfragOrNoIntegrity_401Or400()
    {
        var b = new IceAgent(IceRole.Controlled, new Random(2));
        b.AddLocalCandidate(IceCandidate.Host(BobHost));
        var id = Bytes.FromHex("0102030405060708090a0b0c");
        var noIntegrity = new StunMessage(StunClass.Request, StunMessage.Binding, id)
        {
            Attributes = [new StunAttributeEntry(StunAttributeType.Username, Bytes.FromUtf8(b.LocalUfrag + ":x"))],
        };
        var wrongUfrag = new StunMessage(StunClass.Request, StunMessage.Binding, id)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.Username, Bytes.FromUtf8("nope:x")),
                new StunAttributeEntry(StunAttributeType.Priority, Bytes.FromHex("6effffff")),
            ],
        };

        b.Receive(TimeSpan.Zero, BobHost, AliceHost, StunCodec.Encode(noIntegrity, fingerprint: true));
        b.Receive(TimeSpan.Zero, BobHost, AliceHost, StunCodec.Encode(wrongUfrag, System.Text.Encoding.UTF8.GetBytes(b.LocalPassword), fingerprint: true));

        Assert.Equal([400, 401], b.TakeDatagrams().Select(ErrorCode));
        Assert.Empty(b.RemoteCandidates);
    }

    [Fact]
    public void Answer_FromUnknownSource_LearnsPeerReflexiveRemote_WithTheRequestPriority()
    {
        // Alice knows Bob's host candidate; Bob knows none of Alice's and learns hers from her check.
        var (a, b, net) = Hosts();
        Introduce(a, b, [IceCandidate.Host(BobHost)]);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);

        net.Run(TimeSpan.FromSeconds(3));

        var learned = Assert.Single(b.RemoteCandidates);
        Assert.Equal(IceCandidateType.PeerReflexive, learned.Type);
        Assert.Equal(AliceHost, learned.EndPoint);
        Assert.Equal(1862270975u, learned.Priority);
        Assert.Equal(AliceHost, b.Selected!.Remote.EndPoint);
    }

    [Fact]
    public void Keepalive_IdleSelectedPair_BindingIndicationEveryInterval()
    {
        var options = new IceAgentOptions { KeepaliveInterval = TimeSpan.FromSeconds(5) };
        var (a, b, net) = OnePublicLink(options: options);
        net.Run(TimeSpan.FromSeconds(3));
        Assert.NotNull(a.Selected);
        var start = net.Sent.Count;

        net.Run(TimeSpan.FromSeconds(21));

        var indications = net.Sent.Skip(start).Where(s => s.Datagram.LocalBase.Equals(AliceHost) && Stun(s.Datagram)?.Class == StunClass.Indication).ToList();
        Assert.Equal(4, indications.Count);
        Assert.All(indications.Zip(indications.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(5), p.Second.At - p.First.At));
        Assert.All(indications, i => Assert.True(StunCodec.CheckFingerprint(i.Datagram.Payload.Span)));
        Assert.Equal(IceAgentState.Completed, b.State);
    }

    [Fact]
    public void Keepalive_DataSent_PostponesTheIndication()
    {
        var options = new IceAgentOptions { KeepaliveInterval = TimeSpan.FromSeconds(5) };
        var (a, _, net) = OnePublicLink(options: options);
        net.Run(TimeSpan.FromSeconds(3));
        var start = net.Sent.Count;
        for (var i = 0; i < 4; i++)
        {
            a.Send(net.Now, "tick"u8);
            net.Run(TimeSpan.FromSeconds(4));
        }

        Assert.DoesNotContain(net.Sent.Skip(start), s => s.Datagram.LocalBase.Equals(AliceHost) && Stun(s.Datagram)?.Class == StunClass.Indication);
    }

    [Fact]
    public void Connect_PeerUnreachable_EveryPairFails_Failed()
    {
        var (a, b) = Pair();
        var net = AliceAlone(a);
        Introduce(a, b, [IceCandidate.Host(BobHost), IceCandidate.Host(new IPEndPoint(IPAddress.Parse("192.0.2.3"), 6000))]);

        net.Run(TimeSpan.FromSeconds(15));
        Assert.Equal(IceAgentState.Running, a.State);
        net.Run(TimeSpan.FromSeconds(5));

        Assert.Equal(IceAgentState.Failed, a.State);
        Assert.All(a.Checklist, p => Assert.Equal(IceCandidatePairState.Failed, p.State));
        Assert.Single(net.Events(a).OfType<IceFailed>());
        Assert.Null(a.NextDeadline);
    }

    [Fact]
    public void Connect_RemoteCandidateTrickledLater_ChecksStartAndConnect()
    {
        var (a, b, net) = Hosts();
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        net.Run(TimeSpan.FromSeconds(1));
        Assert.Empty(net.Sent);

        a.AddRemoteCandidate(IceCandidate.Host(BobHost));
        net.Run(TimeSpan.FromSeconds(3));

        Assert.Equal(IceAgentState.Completed, a.State);
        Assert.Equal(IceAgentState.Completed, b.State);
    }

    [Fact]
    public void Receive_NotStunOrMalformedStun_DataHandedUpOrDropped()
    {
        var a = new IceAgent(IceRole.Controlling, new Random(1));
        a.AddLocalCandidate(IceCandidate.Host(AliceHost));
        var stunLooking = new byte[24];
        stunLooking[4] = 0x21;
        stunLooking[5] = 0x12;
        stunLooking[6] = 0xA4;
        stunLooking[7] = 0x42;
        stunLooking[3] = 40; // length past the end

        a.Receive(TimeSpan.Zero, AliceHost, BobHost, [0x80, 1, 2, 3]);
        a.Receive(TimeSpan.Zero, AliceHost, BobHost, stunLooking);

        var data = Assert.Single(a.TakeEvents().OfType<IceDataReceived>());
        Assert.Equal(Bytes.FromHex("80010203"), data.Data);
        Assert.Equal(1, a.Dropped);
        Assert.Empty(a.TakeDatagrams());
    }
}
