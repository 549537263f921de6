using System.Buffers.Binary;
using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;
using Peerlink.Nat.Turn;

namespace Peerlink.Nat.Tests;

/// <summary>The TURN client engine (RFC 8656) against a scripted server, in virtual time.</summary>
public class TurnClientTests
{
    private const string User = "alice";
    private const string Password = "secret";
    private const string RealmName = "example.org";

    private static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("192.0.2.1"), 3478);
    private static readonly IPEndPoint Relayed = new(IPAddress.Parse("192.0.2.1"), 49200);
    private static readonly IPEndPoint Mapped = new(IPAddress.Parse("198.51.100.7"), 40001);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("203.0.113.9"), 5000);
    private static readonly byte[] Key = StunCodec.LongTermKey(User, RealmName, Password);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static TurnClient NewClient(TurnClientTransport transport = TurnClientTransport.Udp, string password = Password) =>
        new(ServerAddress, new TurnClientOptions { Username = User, Password = password, Transport = transport }, new Random(7));

    /// <summary>The one message the client sent, decoded.</summary>
    private static (StunMessage Message, byte[] Bytes) Sent(TurnClient client)
    {
        var sends = client.DrainSends();
        Assert.Single(sends);
        Assert.True(StunCodec.TryDecode(sends[0], out var message, out var error), error);
        return (message, sends[0]);
    }

    private static string Text(StunMessage message, ushort type) => System.Text.Encoding.UTF8.GetString(message.Find(type)!.Value.Span);

    private static uint Number(StunMessage message, ushort type) => BinaryPrimitives.ReadUInt32BigEndian(message.Find(type)!.Value.Span);

    private static StunAttributeEntry Attribute(ushort type, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new StunAttributeEntry(type, Bytes.Copy(bytes));
    }

    private static byte[] Error(StunMessage request, int code, string reason, string? nonce = null, byte[]? key = null)
    {
        var attributes = new List<StunAttributeEntry> { new(StunAttributeType.ErrorCode, new StunErrorCode(code, reason).ToValue()) };
        if (nonce is not null)
        {
            attributes.Add(new StunAttributeEntry(StunAttributeType.Realm, Bytes.FromUtf8(RealmName)));
            attributes.Add(new StunAttributeEntry(StunAttributeType.Nonce, Bytes.FromUtf8(nonce)));
        }

        var response = new StunMessage(StunClass.ErrorResponse, request.Method, request.TransactionId) { Attributes = [.. attributes] };
        return StunCodec.Encode(response, key, fingerprint: true);
    }

    private static byte[] Success(StunMessage request, byte[]? key, params StunAttributeEntry[] attributes) =>
        StunCodec.Encode(new StunMessage(StunClass.SuccessResponse, request.Method, request.TransactionId) { Attributes = [.. attributes] }, key, fingerprint: true);

    private static byte[] AllocateSuccess(StunMessage request, uint lifetime = 600, byte[]? key = null) =>
        Success(
            request,
            key ?? Key,
            new StunAttributeEntry(StunAttributeType.XorRelayedAddress, StunAddress.WriteXor(Relayed, request.TransactionId.Span)),
            new StunAttributeEntry(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(Mapped, request.TransactionId.Span)),
            Attribute(StunAttributeType.Lifetime, lifetime));

    /// <summary>A client whose first Allocate got the 401 challenge (nonce-1); its authenticated retry waits in DrainSends.</summary>
    private static TurnClient Challenged(string password = Password, TurnClientTransport transport = TurnClientTransport.Udp)
    {
        var client = NewClient(transport, password);
        client.Allocate(TimeSpan.Zero);
        client.Receive(TimeSpan.Zero, ServerAddress, Error(Sent(client).Message, 401, "Unauthorized", "nonce-1"));
        return client;
    }

    /// <summary>Runs the 401 dance and the allocation at <paramref name="now"/>; returns the allocated client.</summary>
    private static TurnClient Allocated(TimeSpan now, uint lifetime = 600, TurnClientTransport transport = TurnClientTransport.Udp)
    {
        var client = NewClient(transport);
        client.Allocate(now);
        var (first, _) = Sent(client);
        client.Receive(now, ServerAddress, Error(first, 401, "Unauthorized", "nonce-1"));
        var (second, _) = Sent(client);
        client.Receive(now, ServerAddress, AllocateSuccess(second, lifetime));
        Assert.Equal(TurnClientState.Allocated, client.State);
        client.DrainEvents();
        return client;
    }

    /// <summary>Answers the client's one outstanding request with a success carrying the key.</summary>
    private static StunMessage AnswerOne(TurnClient client, TimeSpan now, params StunAttributeEntry[] attributes)
    {
        var (request, _) = Sent(client);
        client.Receive(now, ServerAddress, Success(request, Key, attributes));
        return request;
    }

    private static TurnClient WithPermission(TimeSpan now)
    {
        var client = Allocated(now);
        client.CreatePermission(now, Peer.Address);
        AnswerOne(client, now);
        client.DrainEvents();
        return client;
    }

    private static TurnClient WithChannel(TimeSpan now, out ushort channel)
    {
        var client = Allocated(now);
        channel = client.BindChannel(now, Peer);
        AnswerOne(client, now);
        client.DrainEvents();
        return client;
    }

    private static byte[] DataIndication(IPEndPoint peer, byte[] data)
    {
        var id = Bytes.FromHex("a1a2a3a4a5a6a7a8a9aaabac");
        var message = new StunMessage(StunClass.Indication, StunMethod.Data, id)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(peer, id.Span)),
                new StunAttributeEntry(StunAttributeType.Data, Bytes.Copy(data)),
            ],
        };
        return StunCodec.Encode(message, fingerprint: true);
    }

    /// <summary>Polls every 100 ms from <paramref name="from"/> to <paramref name="to"/>; the times anything was sent, with what.</summary>
    private static List<(double At, byte[] Bytes)> Run(TurnClient client, TimeSpan from, TimeSpan to)
    {
        var sent = new List<(double, byte[])>();
        for (var now = from; now <= to; now += TimeSpan.FromMilliseconds(100))
        {
            client.Poll(now);
            sent.AddRange(client.DrainSends().Select(b => (Math.Round(now.TotalSeconds, 1), b)));
        }

        return sent;
    }

    [Fact]
    public void Allocate_401Challenge_RetriesWithUsernameRealmNonceAndLongTermIntegrity()
    {
        var client = NewClient();
        client.Allocate(TimeSpan.Zero);
        var (first, firstBytes) = Sent(client);
        Assert.Equal(StunMethod.Allocate, first.Method);
        Assert.Null(first.Find(StunAttributeType.MessageIntegrity));
        Assert.Null(first.Find(StunAttributeType.Username));
        Assert.Equal(17u << 24, Number(first, StunAttributeType.RequestedTransport));
        Assert.True(StunCodec.CheckFingerprint(firstBytes));

        client.Receive(S(0.05), ServerAddress, Error(first, 401, "Unauthorized", "nonce-1"));
        var (second, secondBytes) = Sent(client);

        Assert.NotEqual(first.TransactionId, second.TransactionId);
        Assert.Equal(User, Text(second, StunAttributeType.Username));
        Assert.Equal(RealmName, Text(second, StunAttributeType.Realm));
        Assert.Equal("nonce-1", Text(second, StunAttributeType.Nonce));
        Assert.True(StunCodec.CheckIntegrity(secondBytes, Key));
        Assert.False(StunCodec.CheckIntegrity(secondBytes, StunCodec.LongTermKey(User, RealmName, "wrong")));
        Assert.Equal(TurnClientState.Allocating, client.State);

        client.Receive(S(0.1), ServerAddress, AllocateSuccess(second));

        Assert.Equal(TurnClientState.Allocated, client.State);
        Assert.Equal(Relayed, client.RelayedAddress);
        Assert.Equal(Mapped, client.MappedAddress);
        Assert.Equal(S(600), client.Lifetime);
        Assert.Equal(RealmName, client.Realm);
        Assert.Equal([new TurnAllocated(Relayed, Mapped, S(600))], client.DrainEvents());
    }

    [Fact]
    public void Allocate_StaleNonce_RetriedOnceWithTheNewNonce_SecondStaleFails()
    {
        var client = Challenged();
        var (second, _) = Sent(client);

        client.Receive(TimeSpan.Zero, ServerAddress, Error(second, 438, "Stale Nonce", "nonce-2"));
        var (third, thirdBytes) = Sent(client);

        Assert.Equal("nonce-2", Text(third, StunAttributeType.Nonce));
        Assert.True(StunCodec.CheckIntegrity(thirdBytes, Key));
        Assert.Equal(1, client.Counters.StaleNonceRetries);

        client.Receive(TimeSpan.Zero, ServerAddress, Error(third, 438, "Stale Nonce", "nonce-3"));

        Assert.Empty(client.DrainSends());
        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Equal(438, client.FailureCode);
    }

    [Fact]
    public void Allocate_StaleNonceThenSuccess_Allocated()
    {
        var client = Challenged();
        client.Receive(TimeSpan.Zero, ServerAddress, Error(Sent(client).Message, 438, "Stale Nonce", "nonce-2"));
        client.Receive(TimeSpan.Zero, ServerAddress, AllocateSuccess(Sent(client).Message));

        Assert.Equal(TurnClientState.Allocated, client.State);
    }

    [Fact]
    public void Allocate_QuotaError_EndsFailedWithCodeAndReason()
    {
        var client = Challenged();
        client.Receive(TimeSpan.Zero, ServerAddress, Error(Sent(client).Message, 486, "Allocation Quota Reached", key: Key));

        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Equal(486, client.FailureCode);
        Assert.Contains("Allocation Quota Reached", client.FailureReason, StringComparison.Ordinal);
        var failed = Assert.IsType<TurnFailed>(Assert.Single(client.DrainEvents()));
        Assert.Equal(486, failed.Code);
        Assert.Null(client.NextDeadline);
    }

    [Fact]
    public void Allocate_401AfterCredentials_FailsSayingTheCredentialsWereRefused()
    {
        var client = Challenged(password: "wrong");
        client.Receive(TimeSpan.Zero, ServerAddress, Error(Sent(client).Message, 401, "Unauthorized", "nonce-1"));

        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Equal(401, client.FailureCode);
        Assert.Contains("refused user 'alice' in realm 'example.org'", client.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_401WithoutNonce_Fails()
    {
        var client = NewClient();
        client.Allocate(TimeSpan.Zero);
        client.Receive(TimeSpan.Zero, ServerAddress, Error(Sent(client).Message, 401, "Unauthorized"));

        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Equal(401, client.FailureCode);
    }

    [Fact]
    public void Receive_SuccessWithBadIntegrity_DroppedAndCounted_RetransmissionThenAnswered()
    {
        var client = Challenged();
        var (request, requestBytes) = Sent(client);

        client.Receive(S(0.1), ServerAddress, AllocateSuccess(request, key: StunCodec.LongTermKey(User, RealmName, "forged")));
        client.Receive(S(0.1), ServerAddress, AllocateSuccess(request, key: []));

        Assert.Equal(2, client.Counters.IntegrityFailures);
        Assert.Equal(TurnClientState.Allocating, client.State);

        // The transaction is still open: the request goes out again at RTO (500 ms) and the good answer is taken.
        client.Poll(S(0.5));
        Assert.Equal(requestBytes, Sent(client).Bytes);
        client.Receive(S(0.6), ServerAddress, AllocateSuccess(request));
        Assert.Equal(TurnClientState.Allocated, client.State);
    }

    [Fact]
    public void Receive_EveryResponseWithBadIntegrity_FailsAsAnIntegrityViolationNotATimeout()
    {
        var client = Challenged();
        var (request, _) = Sent(client);
        client.Receive(S(0.1), ServerAddress, AllocateSuccess(request, key: []));

        Run(client, S(0.2), S(40));

        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Contains("MESSAGE-INTEGRITY", client.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_BadIntegrityOverAStream_FailsAtOnce()
    {
        var client = Challenged(transport: TurnClientTransport.Stream);

        client.Receive(S(0.1), ServerAddress, AllocateSuccess(Sent(client).Message, key: StunCodec.LongTermKey(User, RealmName, "forged")));

        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Contains("MESSAGE-INTEGRITY", client.FailureReason, StringComparison.Ordinal);
        Assert.Null(client.NextDeadline);
    }

    [Fact]
    public void Allocate_ServerSilent_RetransmittedAtRfcTimes_ThenFailedAt39Point5Seconds()
    {
        var client = NewClient();
        client.Allocate(TimeSpan.Zero);
        client.DrainSends();

        var sent = Run(client, S(0.1), S(45));

        Assert.Equal([0.5, 1.5, 3.5, 7.5, 15.5, 31.5], sent.Select(s => s.At));
        Assert.Equal(6, client.Counters.Retransmissions);
        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Equal(0, client.FailureCode);
        Assert.Contains("no response", client.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Poll_Lifetime600_RefreshSentAt540WithLifetimeAndCredentials()
    {
        var client = Allocated(TimeSpan.Zero);
        Assert.Equal(S(540), client.NextDeadline);

        var sent = Run(client, S(1), S(540.4));

        var (at, bytes) = Assert.Single(sent);
        Assert.Equal(540, at);
        Assert.True(StunCodec.TryDecode(bytes, out var refresh, out _));
        Assert.Equal(StunMethod.Refresh, refresh.Method);
        Assert.Equal(600u, Number(refresh, StunAttributeType.Lifetime));
        Assert.True(StunCodec.CheckIntegrity(bytes, Key));

        client.Receive(S(545), ServerAddress, Success(refresh, Key, Attribute(StunAttributeType.Lifetime, 600)));
        Assert.Equal([new TurnRefreshed(S(600))], client.DrainEvents());
        Assert.Equal(S(545 + 540), client.NextDeadline);
    }

    [Fact]
    public void Poll_ShortLifetime_RefreshedAtHalf()
    {
        var client = Allocated(TimeSpan.Zero, lifetime: 100);

        Assert.Equal(S(50), client.NextDeadline);
    }

    [Fact]
    public void Refresh_437Mismatch_AllocationLost()
    {
        var client = Allocated(TimeSpan.Zero);
        Assert.True(client.Refresh(S(10)));
        client.Receive(S(10), ServerAddress, Error(Sent(client).Message, 437, "Allocation Mismatch", key: Key));

        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.Equal(437, client.FailureCode);
        Assert.False(client.Send(S(11), Peer, [1]));
    }

    [Fact]
    public void Refresh_StaleNonceLater_RetriedWithTheNewNonce()
    {
        var client = Allocated(TimeSpan.Zero);
        client.Refresh(S(10));
        client.Receive(S(10), ServerAddress, Error(Sent(client).Message, 438, "Stale Nonce", "nonce-2"));
        var (retry, _) = Sent(client);
        Assert.Equal("nonce-2", Text(retry, StunAttributeType.Nonce));
        client.Receive(S(10), ServerAddress, Success(retry, Key, Attribute(StunAttributeType.Lifetime, 600)));

        Assert.Equal(TurnClientState.Allocated, client.State);
    }

    [Fact]
    public void Release_SendsRefreshWithLifetimeZero_ThenReleased()
    {
        var client = Allocated(TimeSpan.Zero);
        client.Release(S(5));
        var (release, bytes) = Sent(client);

        Assert.Equal(StunMethod.Refresh, release.Method);
        Assert.Equal(0u, Number(release, StunAttributeType.Lifetime));
        Assert.True(StunCodec.CheckIntegrity(bytes, Key));
        Assert.Equal(TurnClientState.Releasing, client.State);

        client.Receive(S(5), ServerAddress, Success(release, Key, Attribute(StunAttributeType.Lifetime, 0)));

        Assert.Equal(TurnClientState.Released, client.State);
        Assert.Equal([new TurnReleased(Confirmed: true)], client.DrainEvents());
        Assert.Null(client.NextDeadline);
    }

    [Fact]
    public void Release_Answered437_GoneAlreadyCountsAsConfirmed()
    {
        var client = Allocated(TimeSpan.Zero);
        client.Release(S(5));

        client.Receive(S(5), ServerAddress, Error(Sent(client).Message, 437, "Allocation Mismatch", key: Key));

        Assert.Equal([new TurnReleased(Confirmed: true)], client.DrainEvents());
    }

    [Fact]
    public void Release_BeforeTheAllocation_StopsTryingAndSaysUnconfirmed()
    {
        var client = NewClient();
        client.Allocate(TimeSpan.Zero);
        client.DrainSends();

        client.Release(S(0.1));

        Assert.Equal(TurnClientState.Released, client.State);
        Assert.Equal([new TurnReleased(Confirmed: false)], client.DrainEvents());
        Assert.Empty(Run(client, S(0.2), S(5)));
    }

    [Fact]
    public void TransportClosed_OverAStream_AllocationEnds()
    {
        var client = Allocated(TimeSpan.Zero, transport: TurnClientTransport.Stream);

        client.TransportClosed();

        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.IsType<TurnFailed>(Assert.Single(client.DrainEvents()));
    }

    [Fact]
    public void Allocate_OverAStreamWithSilentServer_SentOnceThenFailsAfterTi()
    {
        var client = NewClient(TurnClientTransport.Stream);
        client.Allocate(TimeSpan.Zero);
        client.DrainSends();

        Assert.Empty(Run(client, S(0.1), S(40)));
        Assert.Equal(TurnClientState.Failed, client.State);
    }

    [Fact]
    public void CreatePermission_Success_PeerAddressSentAndEventRaised()
    {
        var client = Allocated(TimeSpan.Zero);
        client.CreatePermission(S(1), Peer.Address);
        var (request, bytes) = Sent(client);

        Assert.Equal(StunMethod.CreatePermission, request.Method);
        Assert.Equal(Peer.Address, StunAddress.ReadXor(request.Find(StunAttributeType.XorPeerAddress)!.Value.Span, request.TransactionId.Span)!.Address);
        Assert.True(StunCodec.CheckIntegrity(bytes, Key));
        client.Receive(S(1), ServerAddress, Success(request, Key));

        Assert.Equal([new TurnPermissionCreated(Peer.Address)], client.DrainEvents());
        Assert.Equal([Peer.Address], client.Permissions);
    }

    [Fact]
    public void Poll_PermissionInUse_RefreshedAt240Seconds()
    {
        var client = WithPermission(TimeSpan.Zero);
        client.Send(S(100), Peer, [1, 2, 3]);
        client.DrainSends();

        var sent = Run(client, S(101), S(240.4));

        var (at, bytes) = Assert.Single(sent);
        Assert.Equal(240, at);
        Assert.True(StunCodec.TryDecode(bytes, out var refresh, out _));
        Assert.Equal(StunMethod.CreatePermission, refresh.Method);
        client.Receive(S(250), ServerAddress, Success(refresh, Key));
        Assert.Empty(client.DrainEvents());
        Assert.Equal([Peer.Address], client.Permissions);
    }

    [Fact]
    public void Poll_PermissionIdle_NotRefreshed_LapsesAt300AndItsDataIsDropped()
    {
        var client = WithPermission(TimeSpan.Zero);

        var sent = Run(client, S(1), S(301));

        Assert.DoesNotContain(sent, s => StunCodec.TryDecode(s.Bytes, out var m, out _) && m.Method == StunMethod.CreatePermission);
        Assert.Empty(client.Permissions);
        client.Receive(S(302), ServerAddress, DataIndication(Peer, [9]));
        Assert.Empty(client.DrainEvents());
        Assert.Equal(1, client.Counters.DataDropped);
    }

    [Fact]
    public void Send_AfterIdleRefreshTimePassed_RefreshesThePermissionAtOnce()
    {
        var client = WithPermission(TimeSpan.Zero);
        Run(client, S(1), S(260));

        client.Send(S(270), Peer, [1]);
        var sends = client.DrainSends();

        Assert.Equal(2, sends.Count);
        Assert.True(StunCodec.TryDecode(sends[0], out var refresh, out _));
        Assert.Equal(StunMethod.CreatePermission, refresh.Method);
    }

    [Fact]
    public void BindChannel_Success_LowestFreeNumber_ThenRefreshedAt540Seconds()
    {
        var client = Allocated(TimeSpan.Zero);
        var channel = client.BindChannel(TimeSpan.Zero, Peer);
        var (request, _) = Sent(client);

        Assert.Equal(0x4000, channel);
        Assert.Equal(StunMethod.ChannelBind, request.Method);
        Assert.Equal(0x4000u << 16, Number(request, StunAttributeType.ChannelNumber));
        Assert.Equal(Peer, StunAddress.ReadXor(request.Find(StunAttributeType.XorPeerAddress)!.Value.Span, request.TransactionId.Span));
        client.Receive(TimeSpan.Zero, ServerAddress, Success(request, Key));
        Assert.Equal([new TurnChannelBound(Peer, 0x4000)], client.DrainEvents());
        Assert.Equal(0x4001, client.BindChannel(TimeSpan.Zero, new IPEndPoint(Peer.Address, 5001)));
        client.DrainSends();

        // The allocation (540 s) and the channel (540 s) come due together; the permission the channel installed is kept
        // alive at 240 s and again at 480 s, because a channel to its IP is bound.
        var sent = Run(client, S(1), S(541)).Select(s => (s.At, Method: StunCodec.TryDecode(s.Bytes, out var m, out _) ? m.Method : 0)).ToList();

        Assert.Contains((240.0, StunMethod.CreatePermission), sent);
        Assert.Contains((540.0, StunMethod.ChannelBind), sent);
        Assert.Contains((540.0, StunMethod.Refresh), sent);
    }

    [Fact]
    public void BindChannel_Rejected_ChannelDroppedAndSendsUseIndications()
    {
        var client = Allocated(TimeSpan.Zero);
        client.BindChannel(TimeSpan.Zero, Peer);
        client.Receive(TimeSpan.Zero, ServerAddress, Error(Sent(client).Message, 400, "Bad Request", key: Key));

        Assert.IsType<TurnChannelFailed>(Assert.Single(client.DrainEvents()));
        Assert.Null(client.ChannelOf(Peer));
        client.Send(S(1), Peer, [1]);
        Assert.Equal(StunClass.Indication, Sent(client).Message.Class);
    }

    [Fact]
    public void Send_NoChannel_SendIndicationWithPeerAndData()
    {
        var client = WithPermission(TimeSpan.Zero);

        Assert.True(client.Send(S(1), Peer, [1, 2, 3]));
        var (indication, _) = Sent(client);

        Assert.Equal(StunClass.Indication, indication.Class);
        Assert.Equal(StunMethod.Send, indication.Method);
        Assert.Equal(Peer, StunAddress.ReadXor(indication.Find(StunAttributeType.XorPeerAddress)!.Value.Span, indication.TransactionId.Span));
        Assert.Equal([1, 2, 3], indication.Find(StunAttributeType.Data)!.Value.Span.ToArray());
        Assert.Null(indication.Find(StunAttributeType.MessageIntegrity));
    }

    [Fact]
    public void Send_ChannelNotYetConfirmed_StillASendIndication()
    {
        var client = Allocated(TimeSpan.Zero);
        client.BindChannel(TimeSpan.Zero, Peer);
        client.DrainSends();

        client.Send(S(0.1), Peer, [1]);

        Assert.Equal(StunClass.Indication, Sent(client).Message.Class);
    }

    [Fact]
    public void Send_ConfirmedChannel_ChannelData()
    {
        var client = WithChannel(TimeSpan.Zero, out var channel);

        client.Send(S(1), Peer, [1, 2, 3, 4, 5]);
        var sends = client.DrainSends();

        Assert.Equal([0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5], Assert.Single(sends));
        Assert.Equal(channel, client.ChannelOf(Peer));
        Assert.Equal((0, 1), (client.Counters.SendIndications, client.Counters.ChannelDataSent));
    }

    [Fact]
    public void Send_ConfirmedChannelOverStream_ChannelDataPaddedToFourBytes()
    {
        var client = Allocated(TimeSpan.Zero, transport: TurnClientTransport.Stream);
        client.BindChannel(TimeSpan.Zero, Peer);
        AnswerOne(client, TimeSpan.Zero);

        client.Send(S(1), Peer, [1, 2, 3, 4, 5]);

        Assert.Equal([0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0], Assert.Single(client.DrainSends()));
    }

    [Fact]
    public void Receive_DataIndicationFromPermittedPeer_DataEvent()
    {
        var client = WithPermission(TimeSpan.Zero);

        client.Receive(S(1), ServerAddress, DataIndication(Peer, [7, 8, 9]));

        var data = Assert.IsType<TurnData>(Assert.Single(client.DrainEvents()));
        Assert.Equal(Peer, data.Peer);
        Assert.Equal([7, 8, 9], data.Data.Span.ToArray());
        Assert.Null(data.Channel);
    }

    [Fact]
    public void Receive_DataIndicationWithoutPermissionOrPeerAddress_DroppedAndCounted()
    {
        var client = WithPermission(TimeSpan.Zero);
        var id = Bytes.FromHex("b1b2b3b4b5b6b7b8b9babbbc");
        var noPeer = StunCodec.Encode(new StunMessage(StunClass.Indication, StunMethod.Data, id) { Attributes = [new(StunAttributeType.Data, Bytes.Copy([1]))] });

        client.Receive(S(1), ServerAddress, DataIndication(new IPEndPoint(IPAddress.Parse("203.0.113.99"), 5000), [1]));
        client.Receive(S(1), ServerAddress, noPeer);

        Assert.Empty(client.DrainEvents());
        Assert.Equal(2, client.Counters.DataDropped);
    }

    [Fact]
    public void Receive_ChannelDataOnBoundChannel_DataEventFromItsPeer_UnknownChannelDropped()
    {
        var client = WithChannel(TimeSpan.Zero, out var channel);

        client.Receive(S(1), ServerAddress, ChannelData.Write(channel, [4, 5, 6], pad: true));
        client.Receive(S(1), ServerAddress, ChannelData.Write(0x4123, [1]));

        Assert.Equal([new TurnData(Peer, Bytes.Copy([4, 5, 6]), channel)], client.DrainEvents());
        Assert.Equal(1, client.Counters.DataDropped);
    }

    [Fact]
    public void Receive_FromAnotherAddress_DroppedAndCounted()
    {
        var client = WithPermission(TimeSpan.Zero);

        client.Receive(S(1), new IPEndPoint(IPAddress.Parse("192.0.2.66"), 3478), DataIndication(Peer, [1]));

        Assert.Empty(client.DrainEvents());
        Assert.Equal(1, client.Counters.NotFromServer);
    }

    [Fact]
    public void Receive_ArbitraryBytes_NeverThrowsAndCountsThem()
    {
        var client = WithChannel(TimeSpan.Zero, out _);
        var random = new Random(42);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            client.Receive(S(1), ServerAddress, bytes);
        }

        var c = client.Counters;
        Assert.Equal(2_000, c.Malformed + c.DataDropped + c.Unexpected + client.DrainEvents().Count);
        Assert.Equal(TurnClientState.Allocated, client.State);
    }

    [Fact]
    public void Receive_UnmatchedResponse_Counted()
    {
        var client = Allocated(TimeSpan.Zero);
        var stray = new StunMessage(StunClass.Request, StunMethod.Refresh, Bytes.FromHex("0102030405060708090a0b0c"));

        client.Receive(S(1), ServerAddress, Success(stray, Key));

        Assert.Equal(1, client.Counters.Unexpected);
    }

    [Fact]
    public void Constructor_EmptyUsername_Throws() =>
        Assert.Throws<ArgumentException>(() => new TurnClient(ServerAddress, new TurnClientOptions { Username = "", Password = "x" }, new Random(1)));

    [Fact]
    public void CreatePermission_BeforeAllocation_Throws() =>
        Assert.Throws<InvalidOperationException>(() => NewClient().CreatePermission(TimeSpan.Zero, Peer.Address));
}
