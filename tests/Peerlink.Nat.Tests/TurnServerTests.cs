using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Peerlink.Core;
using Peerlink.Nat.Stun;
using Peerlink.Nat.Turn;

namespace Peerlink.Nat.Tests;

/// <summary>The TURN server engine (RFC 8656) in virtual time, with a fake relay allocator.</summary>
public class TurnServerTests
{
    private const string Realm = "example.org";
    private static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("192.0.2.1"), 3478);
    private static readonly TurnFiveTuple Alice = new(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40123), ServerAddress, TurnTransport.Udp);
    private static readonly TurnFiveTuple AliceTcp = Alice with { Transport = TurnTransport.Tcp };
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.51.100.9"), 5000);
    private static readonly TimeSpan T0 = TimeSpan.FromHours(1);

    private readonly FakeRelays _relays = new();

    private TurnServer Server(Func<TurnServerOptions, TurnServerOptions>? change = null)
    {
        var options = new TurnServerOptions
        {
            Realm = Realm,
            Users = new Dictionary<string, string> { ["alice"] = "secret", ["bob"] = "hunter2" },
            ServerAddresses = [ServerAddress.Address],
        };
        return new TurnServer(change is null ? options : change(options), _relays, new Random(7));
    }

    // ---- the credential dance (RFC 8489 §9.2) ----

    [Fact]
    public void Allocate_NoCredentials_401WithRealmAndNonceAndNoIntegrity()
    {
        var server = Server();
        var response = Ask(server, Alice, Request(StunMethod.Allocate, UdpTransport()));

        Assert.Equal(401, Code(response));
        Assert.Equal(Realm, Text(response, StunAttributeType.Realm));
        Assert.False(string.IsNullOrEmpty(Text(response, StunAttributeType.Nonce)));
        Assert.Null(response.Message.Find(StunAttributeType.MessageIntegrity));
        Assert.Equal(0, server.AllocationCount);
        Assert.Equal(1, server.Counters.Unauthenticated);
    }

    [Fact]
    public void Allocate_AfterTheChallenge_SuccessWithRelayedMappedLifetimeSignedWithTheKey()
    {
        var server = Server();
        var (response, relay) = Allocated(server, Alice);

        Assert.Equal(StunClass.SuccessResponse, response.Message.Class);
        Assert.Equal(_relays.Opened[0], relay);
        Assert.Equal(Alice.Client, StunAddress.ReadXor(response.Message.Find(StunAttributeType.XorMappedAddress)!.Value.Span, response.Message.TransactionId.Span));
        Assert.Equal(600u, LifetimeOf(response));
        Assert.True(StunCodec.CheckIntegrity(response.Bytes, Key("alice", "secret")));
        Assert.True(StunCodec.CheckFingerprint(response.Bytes));
        Assert.Equal(1, server.AllocationCount);
    }

    [Fact]
    public void Allocate_WrongPasswordOrUnknownUser_401()
    {
        var server = Server();
        var nonce = Nonce(server, Alice);

        Assert.Equal(401, Code(Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "WRONG", nonce))));
        Assert.Equal(401, Code(Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "mallory", "secret", nonce))));
        Assert.Equal(0, server.AllocationCount);
        Assert.Empty(_relays.Opened);
    }

    [Fact]
    public void Allocate_NonceOlderThanItsLifetime_438WithAFreshNonceThatWorks()
    {
        var server = Server(o => o with { NonceLifetime = TimeSpan.FromMinutes(10) });
        var nonce = Nonce(server, Alice);

        var stale = Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", nonce), T0 + TimeSpan.FromMinutes(10));
        Assert.Equal(438, Code(stale));
        var fresh = Text(stale, StunAttributeType.Nonce);
        Assert.NotEqual(nonce, fresh);

        var ok = Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", fresh), T0 + TimeSpan.FromMinutes(10));
        Assert.Equal(StunClass.SuccessResponse, ok.Message.Class);
        Assert.Equal(1, server.Counters.StaleNonces);
    }

    [Fact]
    public void Allocate_ForgedNonce_438()
    {
        var server = Server();
        var nonce = Nonce(server, Alice);
        var forged = (nonce[0] == 'a' ? "b" : "a") + nonce[1..];

        Assert.Equal(438, Code(Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", forged))));
    }

    [Fact]
    public void Allocate_Sha256Integrity_AcceptedAndAnsweredInKind()
    {
        var server = Server();
        var nonce = Nonce(server, Alice);
        var response = Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", nonce, sha256: true));

        Assert.Equal(StunClass.SuccessResponse, response.Message.Class);
        Assert.True(StunCodec.CheckIntegrity(response.Bytes, Key("alice", "secret"), sha256: true));
    }

    // ---- Allocate (RFC 8656 §7.2) ----

    [Fact]
    public void Allocate_SecondOnTheSameFiveTuple_437_ButARetransmissionGetsTheSameSuccess()
    {
        var server = Server();
        var nonce = Nonce(server, Alice);
        var first = Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", nonce);
        var success = Ask(server, Alice, first);

        var again = Ask(server, Alice, first);
        Assert.Equal(success.Bytes, again.Bytes);

        Assert.Equal(437, Code(Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", nonce))));
        Assert.Single(_relays.Opened);
    }

    [Fact]
    public void Allocate_TcpRequestedTransport_442_AndNoneAtAll_400()
    {
        var server = Server();
        var nonce = Nonce(server, Alice);
        var tcp = new StunAttributeEntry(StunAttributeType.RequestedTransport, Bytes.FromHex("06000000"));

        Assert.Equal(442, Code(Ask(server, Alice, Signed(Request(StunMethod.Allocate, tcp), "alice", "secret", nonce))));
        Assert.Equal(400, Code(Ask(server, Alice, Signed(Request(StunMethod.Allocate), "alice", "secret", nonce))));
        Assert.Equal(0, server.AllocationCount);
    }

    [Fact]
    public void Allocate_BeyondTheUserQuota_486_OtherUsersStillServed()
    {
        var server = Server(o => o with { UserQuota = 2 });
        Allocated(server, Client(1));
        Allocated(server, Client(2));

        var third = Client(3);
        var nonce = Nonce(server, third);
        Assert.Equal(486, Code(Ask(server, third, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", nonce))));
        Assert.Equal(StunClass.SuccessResponse, Ask(server, third, Signed(Request(StunMethod.Allocate, UdpTransport()), "bob", "hunter2", nonce)).Message.Class);
    }

    [Fact]
    public void Allocate_BeyondTheServerCapacityOrNoFreePort_508()
    {
        var server = Server(o => o with { MaxAllocations = 1 });
        Allocated(server, Client(1));
        var second = Client(2);
        Assert.Equal(508, Code(Ask(server, second, Signed(Request(StunMethod.Allocate, UdpTransport()), "bob", "hunter2", Nonce(server, second)))));

        var other = new TurnServer(new TurnServerOptions { Realm = Realm, Users = new Dictionary<string, string> { ["alice"] = "secret" } }, new FakeRelays { Capacity = 0 }, new Random(1));
        Assert.Equal(508, Code(Ask(other, Alice, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", Nonce(other, Alice)))));
    }

    [Fact]
    public void Allocate_LifetimeAsked_ClampedToTheMaximumAndRaisedToTheDefault()
    {
        var server = Server();
        var nonce = Nonce(server, Client(1));
        var longOne = Ask(server, Client(1), Signed(Request(StunMethod.Allocate, UdpTransport(), Lifetime(86400)), "alice", "secret", nonce));
        var shortOne = Ask(server, Client(2), Signed(Request(StunMethod.Allocate, UdpTransport(), Lifetime(30)), "alice", "secret", nonce));

        Assert.Equal(3600u, LifetimeOf(longOne));
        Assert.Equal(600u, LifetimeOf(shortOne));
    }

    [Fact]
    public void Allocate_DontFragment_420ListingIt()
    {
        var server = Server();
        var response = Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport(), new StunAttributeEntry(StunAttributeType.DontFragment, Bytes.Empty)), "alice", "secret", Nonce(server, Alice)));

        Assert.Equal(420, Code(response));
        Assert.Equal(Bytes.FromHex("001a"), response.Message.Find(StunAttributeType.UnknownAttributes)!.Value);
    }

    [Fact]
    public void Allocate_EvenPortWithReserve_EvenPortAndATokenThatClaimsTheNextPort()
    {
        var server = Server();
        var nonce = Nonce(server, Client(1));
        var first = Ask(server, Client(1), Signed(Request(StunMethod.Allocate, UdpTransport(), new StunAttributeEntry(StunAttributeType.EvenPort, Bytes.FromHex("80"))), "alice", "secret", nonce));
        var relay = StunAddress.ReadXor(first.Message.Find(StunAttributeType.XorRelayedAddress)!.Value.Span, first.Message.TransactionId.Span)!;
        var token = first.Message.Find(StunAttributeType.ReservationToken)!.Value;
        Assert.Equal(0, relay.Port % 2);

        var second = Ask(server, Client(2), Signed(Request(StunMethod.Allocate, UdpTransport(), new StunAttributeEntry(StunAttributeType.ReservationToken, token)), "alice", "secret", nonce));
        var next = StunAddress.ReadXor(second.Message.Find(StunAttributeType.XorRelayedAddress)!.Value.Span, second.Message.TransactionId.Span)!;
        Assert.Equal(relay.Port + 1, next.Port);

        Assert.Equal(508, Code(Ask(server, Client(3), Signed(Request(StunMethod.Allocate, UdpTransport(), new StunAttributeEntry(StunAttributeType.ReservationToken, token)), "alice", "secret", nonce))));
    }

    [Fact]
    public void Reservation_Unclaimed_ClosedWhenItExpires()
    {
        var server = Server();
        Ask(server, Alice, Signed(Request(StunMethod.Allocate, UdpTransport(), new StunAttributeEntry(StunAttributeType.EvenPort, Bytes.FromHex("80"))), "alice", "secret", Nonce(server, Alice)));
        Assert.Equal(2, _relays.Open.Count);

        server.Poll(T0 + TimeSpan.FromSeconds(31));
        Assert.Single(_relays.Open);
    }

    // ---- Refresh (RFC 8656 §8) ----

    [Fact]
    public void Refresh_LifetimeZero_DeletesTheAllocationAndClosesTheRelay()
    {
        var server = Server();
        var (_, relay) = Allocated(server, Alice);
        var nonce = Nonce(server, Alice);

        var refreshed = Ask(server, Alice, Signed(Request(StunMethod.Refresh, Lifetime(1200)), "alice", "secret", nonce));
        Assert.Equal(1200u, LifetimeOf(refreshed));

        var deleted = Ask(server, Alice, Signed(Request(StunMethod.Refresh, Lifetime(0)), "alice", "secret", nonce));
        Assert.Equal(0u, LifetimeOf(deleted));
        Assert.Equal(0, server.AllocationCount);
        Assert.DoesNotContain(relay, _relays.Open);

        Assert.Equal(437, Code(Ask(server, Alice, Signed(Request(StunMethod.Refresh, Lifetime(600)), "alice", "secret", nonce))));
    }

    [Fact]
    public void Refresh_ByAnotherUser_441()
    {
        var server = Server();
        Allocated(server, Alice);
        Assert.Equal(441, Code(Ask(server, Alice, Signed(Request(StunMethod.Refresh), "bob", "hunter2", Nonce(server, Alice)))));
    }

    // ---- permissions, Send and Data (RFC 8656 §9-§11) ----

    [Fact]
    public void PeerDatagram_WithoutPermission_Dropped_WithOne_DeliveredAsADataIndication()
    {
        var server = Server();
        var (_, relay) = Allocated(server, Alice);

        server.HandleFromPeer(T0, relay, Peer, [1, 2, 3]);
        Assert.Empty(server.TakeActions());
        Assert.Equal(1, server.Counters.DroppedNoPermission);

        Permit(server, Alice, Peer);
        server.HandleFromPeer(T0, relay, new IPEndPoint(Peer.Address, 6000), [1, 2, 3]);
        var data = Decode(Assert.IsType<TurnSendToClient>(Assert.Single(server.TakeActions())));
        Assert.Equal(StunClass.Indication, data.Message.Class);
        Assert.Equal(StunMethod.Data, data.Message.Method);
        Assert.Equal(new IPEndPoint(Peer.Address, 6000), StunAddress.ReadXor(data.Message.Find(StunAttributeType.XorPeerAddress)!.Value.Span, data.Message.TransactionId.Span));
        Assert.Equal(Bytes.FromHex("010203"), data.Message.Find(StunAttributeType.Data)!.Value);
    }

    [Fact]
    public void SendIndication_OnlyWithAPermission_LeavesFromTheRelay()
    {
        var server = Server();
        var (_, relay) = Allocated(server, Alice);

        server.HandleFromClient(T0, Alice, SendIndication(Peer, [9, 9]));
        Assert.Empty(server.TakeActions());
        Assert.Equal(1, server.Counters.DroppedNoPermission);

        Permit(server, Alice, Peer);
        server.HandleFromClient(T0, Alice, SendIndication(Peer, [9, 9]));
        var send = Assert.IsType<TurnSendToPeer>(Assert.Single(server.TakeActions()));
        Assert.Equal(relay, send.Relay);
        Assert.Equal(Peer, send.Peer);
        Assert.Equal(new byte[] { 9, 9 }, send.Bytes.ToArray());
    }

    [Fact]
    public void CreatePermission_LoopbackPeer_403UnlessAllowed_OwnAddressAndMulticastAlways403()
    {
        var loopback = new IPEndPoint(IPAddress.Loopback, 5000);
        var strict = Server();
        Allocated(strict, Alice);
        var nonce = Nonce(strict, Alice);
        Assert.Equal(403, Code(Ask(strict, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(loopback)), "alice", "secret", nonce))));
        Assert.Equal(403, Code(Ask(strict, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(ServerAddress)), "alice", "secret", nonce))));
        Assert.Equal(403, Code(Ask(strict, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353))), "alice", "secret", nonce))));
        Assert.Equal(403, Code(Ask(strict, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4000), PeerAddress(loopback)), "alice", "secret", nonce))));

        var lenient = Server(o => o with { AllowLoopbackPeers = true });
        Allocated(lenient, Alice);
        var ok = Ask(lenient, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(loopback)), "alice", "secret", Nonce(lenient, Alice)));
        Assert.Equal(StunClass.SuccessResponse, ok.Message.Class);
    }

    [Fact]
    public void CreatePermission_NoAllocation437_NoPeer400_OtherFamily443()
    {
        var server = Server();
        var nonce = Nonce(server, Alice);
        Assert.Equal(437, Code(Ask(server, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(Peer)), "alice", "secret", nonce))));

        Allocated(server, Alice);
        Assert.Equal(400, Code(Ask(server, Alice, Signed(Request(StunMethod.CreatePermission), "alice", "secret", nonce))));
        Assert.Equal(443, Code(Ask(server, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5000))), "alice", "secret", nonce))));
    }

    [Fact]
    public void CreatePermission_BeyondThePerAllocationLimit_508_RefreshingAHeldOneStillWorks()
    {
        var server = Server(o => o with { MaxPermissionsPerAllocation = 2 });
        Allocated(server, Alice);
        var nonce = Nonce(server, Alice);
        IPEndPoint At(int i) => new(IPAddress.Parse($"198.51.100.{i}"), 5000);

        Assert.Equal(StunClass.SuccessResponse, Ask(server, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(At(1)), PeerAddress(At(2))), "alice", "secret", nonce)).Message.Class);
        Assert.Equal(508, Code(Ask(server, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(At(3))), "alice", "secret", nonce))));
        Assert.Equal(508, Code(Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4000), PeerAddress(At(3))), "alice", "secret", nonce))));
        Assert.Equal(StunClass.SuccessResponse, Ask(server, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(At(2))), "alice", "secret", nonce)).Message.Class);
    }

    // ---- channels (RFC 8656 §12) ----

    [Fact]
    public void ChannelBind_ThenChannelDataBothWays_UnpaddedOverUdp()
    {
        var server = Server();
        var (_, relay) = Allocated(server, Alice);
        var bound = Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4001), PeerAddress(Peer)), "alice", "secret", Nonce(server, Alice)));
        Assert.Equal(StunClass.SuccessResponse, bound.Message.Class);

        server.HandleFromClient(T0, Alice, ChannelData.Write(0x4001, [1, 2, 3, 4, 5], pad: true));
        var out1 = Assert.IsType<TurnSendToPeer>(Assert.Single(server.TakeActions()));
        Assert.Equal(Peer, out1.Peer);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, out1.Bytes.ToArray());

        server.HandleFromPeer(T0, relay, Peer, [7, 7, 7]);
        var in1 = Assert.IsType<TurnSendToClient>(Assert.Single(server.TakeActions()));
        Assert.Equal(ChannelData.Write(0x4001, [7, 7, 7]), in1.Bytes.ToArray());
    }

    [Fact]
    public void ChannelData_OverTcp_Padded()
    {
        var server = Server();
        var (_, relay) = Allocated(server, AliceTcp);
        Ask(server, AliceTcp, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4001), PeerAddress(Peer)), "alice", "secret", Nonce(server, AliceTcp)));

        server.HandleFromPeer(T0, relay, Peer, [7, 7, 7]);
        var delivered = Assert.IsType<TurnSendToClient>(Assert.Single(server.TakeActions()));
        Assert.Equal(ChannelData.Write(0x4001, [7, 7, 7], pad: true), delivered.Bytes.ToArray());
    }

    [Fact]
    public void ChannelBind_BadNumberOrConflictingRebind_400()
    {
        var server = Server();
        Allocated(server, Alice);
        var nonce = Nonce(server, Alice);
        var otherPeer = new IPEndPoint(Peer.Address, 5001);

        Assert.Equal(400, Code(Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x3FFF), PeerAddress(Peer)), "alice", "secret", nonce))));
        Assert.Equal(400, Code(Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x5000), PeerAddress(Peer)), "alice", "secret", nonce))));
        Assert.Equal(StunClass.SuccessResponse, Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4000), PeerAddress(Peer)), "alice", "secret", nonce)).Message.Class);
        Assert.Equal(StunClass.SuccessResponse, Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4000), PeerAddress(Peer)), "alice", "secret", nonce)).Message.Class);
        Assert.Equal(400, Code(Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4000), PeerAddress(otherPeer)), "alice", "secret", nonce))));
        Assert.Equal(400, Code(Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4002), PeerAddress(Peer)), "alice", "secret", nonce))));
    }

    [Fact]
    public void ChannelBind_Rfc5766Number_AcceptedWhenTheRangeIsWidened()
    {
        var server = Server(o => o with { HighestChannel = 0x7FFF });
        Allocated(server, Alice);
        var bound = Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x7ABC), PeerAddress(Peer)), "alice", "secret", Nonce(server, Alice)));
        Assert.Equal(StunClass.SuccessResponse, bound.Message.Class);

        var data = new byte[] { 0x7A, 0xBC, 0, 1, 42 };
        server.HandleFromClient(T0, Alice, data);
        Assert.Equal(new byte[] { 42 }, Assert.IsType<TurnSendToPeer>(Assert.Single(server.TakeActions())).Bytes.ToArray());
    }

    // ---- expiry in virtual time ----

    [Fact]
    public void Poll_PermissionExpiresAfter300s_PeerDatagramsDroppedAgain()
    {
        var server = Server();
        var (_, relay) = Allocated(server, Alice);
        Permit(server, Alice, Peer);

        server.HandleFromPeer(T0 + TimeSpan.FromSeconds(299), relay, Peer, [1]);
        Assert.Single(server.TakeActions());

        Assert.True(server.NextDeadline <= T0 + TimeSpan.FromSeconds(300));
        server.Poll(T0 + TimeSpan.FromSeconds(300));
        server.HandleFromPeer(T0 + TimeSpan.FromSeconds(300), relay, Peer, [1]);
        Assert.Empty(server.TakeActions());
        Assert.Equal(1, server.Counters.DroppedNoPermission);
    }

    [Fact]
    public void Poll_ChannelExpires_PeerDataFallsBackToDataIndications_NumberHeldForFiveMinutes()
    {
        var server = Server(o => o with { NonceLifetime = TimeSpan.FromHours(1) });
        var (_, relay) = Allocated(server, Alice);
        var nonce = Nonce(server, Alice);
        Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4001), PeerAddress(Peer)), "alice", "secret", nonce));

        var later = T0 + TimeSpan.FromSeconds(600);
        Ask(server, Alice, Signed(Request(StunMethod.Refresh), "alice", "secret", nonce), T0 + TimeSpan.FromSeconds(500));
        Ask(server, Alice, Signed(Request(StunMethod.CreatePermission, PeerAddress(Peer)), "alice", "secret", nonce), T0 + TimeSpan.FromSeconds(500));
        server.Poll(later);

        server.HandleFromClient(later, Alice, ChannelData.Write(0x4001, [1]));
        Assert.Empty(server.TakeActions());
        server.HandleFromPeer(later, relay, Peer, [5]);
        Assert.Equal(StunMethod.Data, Decode(Assert.IsType<TurnSendToClient>(Assert.Single(server.TakeActions()))).Message.Method);

        // Within the cool-off the number may not go to another peer.
        var otherPeer = new IPEndPoint(Peer.Address, 5001);
        Assert.Equal(400, Code(Ask(server, Alice, Signed(Request(StunMethod.ChannelBind, ChannelNumber(0x4001), PeerAddress(otherPeer)), "alice", "secret", nonce), later)));
    }

    [Fact]
    public void Poll_AllocationExpires_DeletedAndItsRelayClosed()
    {
        var server = Server();
        var (_, relay) = Allocated(server, Alice);
        Assert.Equal(T0 + TimeSpan.FromSeconds(600), server.NextDeadline);

        server.Poll(T0 + TimeSpan.FromSeconds(599));
        Assert.Equal(1, server.AllocationCount);
        server.Poll(T0 + TimeSpan.FromSeconds(600));
        Assert.Equal(0, server.AllocationCount);
        Assert.DoesNotContain(relay, _relays.Open);
        Assert.Null(server.NextDeadline);
        Assert.Equal(1, server.Counters.AllocationsDeleted);
    }

    [Fact]
    public void ConnectionClosed_TcpAllocation_Deleted()
    {
        var server = Server();
        Allocated(server, AliceTcp);
        server.ConnectionClosed(T0, AliceTcp);
        Assert.Equal(0, server.AllocationCount);
        Assert.Empty(_relays.Open);
    }

    // ---- the rest of a STUN server ----

    [Fact]
    public void Request_UnknownComprehensionRequiredAttribute_420WithUnknownAttributes()
    {
        var server = Server();
        var response = Ask(server, Alice, Request(StunMethod.Allocate, UdpTransport(), new StunAttributeEntry(0x7F01, Bytes.FromHex("00"))));

        Assert.Equal(420, Code(response));
        Assert.Equal(Bytes.FromHex("7f01"), response.Message.Find(StunAttributeType.UnknownAttributes)!.Value);
    }

    [Fact]
    public void Binding_NoCredentials_AnsweredWithTheSource()
    {
        var server = Server();
        var response = Ask(server, Alice, Request(StunMethod.Binding));

        Assert.Equal(StunClass.SuccessResponse, response.Message.Class);
        Assert.Equal(Alice.Client, StunAddress.ReadXor(response.Message.Find(StunAttributeType.XorMappedAddress)!.Value.Span, response.Message.TransactionId.Span));
    }

    [Fact]
    public void Handle_ArbitraryBytes_NeverThrow_DroppedAndCounted()
    {
        var server = Server();
        var (_, relay) = Allocated(server, Alice);
        var random = new Random(12345);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 120)];
            random.NextBytes(bytes);
            if (bytes.Length >= 8 && i % 2 == 0)
            {
                // Half with a STUN header, so the attribute parsing is reached.
                BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)(random.Next(0, 0x3FFF)));
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)((bytes.Length - 20) & ~3));
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), StunCodec.MagicCookie);
            }

            server.HandleFromClient(T0, Alice, bytes);
            server.HandleFromPeer(T0, relay, Peer, bytes);
        }

        server.TakeActions();
        Assert.True(server.Counters.Dropped > 0);
    }

    [Fact]
    public void Options_OutOfRange_RejectedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Server(o => o with { UserQuota = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Server(o => o with { MaxLifetime = TimeSpan.FromSeconds(10) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Server(o => o with { HighestChannel = 0x8000 }));
    }

    // ---- helpers ----

    private static TurnFiveTuple Client(int n) => Alice with { Client = new IPEndPoint(Alice.Client.Address, 40000 + n) };

    private static byte[] Key(string user, string password) => StunCodec.LongTermKey(user, Realm, password);

    private static StunMessage Request(ushort method, params StunAttributeEntry[] attributes) =>
        new(StunClass.Request, method, Bytes.Copy(Guid.NewGuid().ToByteArray().AsSpan(0, 12))) { Attributes = [.. attributes] };

    private static byte[] Signed(StunMessage request, string user, string password, string nonce, bool sha256 = false)
    {
        var resolved = ResolvePeers(request);
        var withCredentials = resolved with
        {
            Attributes =
            [
                .. resolved.Attributes,
                new StunAttributeEntry(StunAttributeType.Username, Bytes.FromUtf8(user)),
                new StunAttributeEntry(StunAttributeType.Realm, Bytes.FromUtf8(Realm)),
                new StunAttributeEntry(StunAttributeType.Nonce, Bytes.FromUtf8(nonce)),
            ],
        };
        return StunCodec.Encode(withCredentials, Key(user, password), sha256, fingerprint: true);
    }

    private static StunAttributeEntry UdpTransport() => new(StunAttributeType.RequestedTransport, Bytes.FromHex("11000000"));

    private static StunAttributeEntry Lifetime(uint seconds)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, seconds);
        return new StunAttributeEntry(StunAttributeType.Lifetime, Bytes.Copy(value));
    }

    private static StunAttributeEntry ChannelNumber(ushort number)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(value, number);
        return new StunAttributeEntry(StunAttributeType.ChannelNumber, Bytes.Copy(value));
    }

    // XOR-PEER-ADDRESS is XORed with the transaction ID, which is known when the request is encoded: ResolvePeers fills it in.
    private static StunAttributeEntry PeerAddress(IPEndPoint peer) => new(StunAttributeType.XorPeerAddress, Bytes.FromUtf8("peer:" + peer));

    private static StunMessage ResolvePeers(StunMessage request) => request with
    {
        Attributes =
        [
            .. request.Attributes.Select(a =>
                a.Type == StunAttributeType.XorPeerAddress && System.Text.Encoding.UTF8.GetString(a.Value.Span) is var text && text.StartsWith("peer:", StringComparison.Ordinal)
                    ? a with { Value = StunAddress.WriteXor(IPEndPoint.Parse(text[5..]), request.TransactionId.Span) }
                    : a),
        ],
    };

    private static byte[] SendIndication(IPEndPoint peer, byte[] data)
    {
        var transaction = Bytes.Copy(new byte[12]);
        var message = new StunMessage(StunClass.Indication, StunMethod.Send, transaction)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(peer, transaction.Span)),
                new StunAttributeEntry(StunAttributeType.Data, Bytes.Copy(data)),
            ],
        };
        return StunCodec.Encode(message);
    }

    private static Response Ask(TurnServer server, TurnFiveTuple client, StunMessage request, TimeSpan? at = null) =>
        Ask(server, client, StunCodec.Encode(ResolvePeers(request), fingerprint: true), at);

    private static Response Ask(TurnServer server, TurnFiveTuple client, byte[] request, TimeSpan? at = null)
    {
        server.TakeActions();
        server.HandleFromClient(at ?? T0, client, request);
        var action = Assert.IsType<TurnSendToClient>(Assert.Single(server.TakeActions()));
        Assert.Equal(client, action.Client);
        return Decode(action);
    }

    private static Response Decode(TurnSendToClient action)
    {
        var bytes = action.Bytes.ToArray();
        Assert.True(StunCodec.TryDecode(bytes, out var message, out var error), error);
        return new Response(message, bytes);
    }

    private static string Nonce(TurnServer server, TurnFiveTuple client) => Text(Ask(server, client, Request(StunMethod.Allocate, UdpTransport())), StunAttributeType.Nonce);

    private static (Response Response, IPEndPoint Relay) Allocated(TurnServer server, TurnFiveTuple client)
    {
        var response = Ask(server, client, Signed(Request(StunMethod.Allocate, UdpTransport()), "alice", "secret", Nonce(server, client)));
        Assert.Equal(StunClass.SuccessResponse, response.Message.Class);
        return (response, StunAddress.ReadXor(response.Message.Find(StunAttributeType.XorRelayedAddress)!.Value.Span, response.Message.TransactionId.Span)!);
    }

    private static void Permit(TurnServer server, TurnFiveTuple client, IPEndPoint peer)
    {
        var response = Ask(server, client, Signed(Request(StunMethod.CreatePermission, PeerAddress(peer)), "alice", "secret", Nonce(server, client)));
        Assert.True(response.Message.Class == StunClass.SuccessResponse, response.Message.Find(StunAttributeType.ErrorCode) is { } e ? StunErrorCode.FromValue(e.Value.Span)!.ToString() : "?");
    }

    private static int Code(Response response)
    {
        Assert.Equal(StunClass.ErrorResponse, response.Message.Class);
        return StunErrorCode.FromValue(response.Message.Find(StunAttributeType.ErrorCode)!.Value.Span)!.Code;
    }

    private static string Text(Response response, ushort type) => System.Text.Encoding.UTF8.GetString(response.Message.Find(type)!.Value.Span);

    private static uint LifetimeOf(Response response) => BinaryPrimitives.ReadUInt32BigEndian(response.Message.Find(StunAttributeType.Lifetime)!.Value.Span);

    private sealed record Response(StunMessage Message, byte[] Bytes);

    private sealed class FakeRelays : IRelayAllocator
    {
        private int _next = 50000;

        public int Capacity { get; init; } = 100;

        public List<IPEndPoint> Opened { get; } = [];

        public HashSet<IPEndPoint> Open { get; } = [];

        public AddressFamily Family => AddressFamily.InterNetwork;

        public IPEndPoint? TryOpen(bool evenPort)
        {
            if (Open.Count >= Capacity)
            {
                return null;
            }

            if (evenPort && _next % 2 != 0)
            {
                _next++;
            }

            var relay = new IPEndPoint(ServerAddress.Address, _next++);
            Opened.Add(relay);
            Open.Add(relay);
            return relay;
        }

        public bool TryOpenAt(IPEndPoint endPoint)
        {
            if (!Open.Add(endPoint))
            {
                return false;
            }

            _next = Math.Max(_next, endPoint.Port + 1);
            Opened.Add(endPoint);
            return true;
        }

        public void Close(IPEndPoint relay) => Open.Remove(relay);
    }
}
