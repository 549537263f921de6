using System.Buffers.Binary;
using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Turn;

/// <summary>
/// A TURN client (RFC 8656), sans-IO: one allocation on one server over one transport. The caller hands in
/// <c>now</c> and the datagrams from the server (<see cref="Receive"/>), calls <see cref="Poll"/> at
/// <see cref="NextDeadline"/>, sends everything <see cref="DrainSends"/> gives to <see cref="Server"/>, and reads
/// <see cref="DrainEvents"/>. Every request goes through <see cref="StunTransactions"/> (RFC 8489 §6.2 retransmission).
/// </summary>
/// <remarks>
/// <para>
/// Authentication is the long-term mechanism (RFC 8489 §9.2; RFC 8656 §7.1): Allocate goes out without credentials; the
/// 401 carries REALM and NONCE, and the request is sent again with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY keyed with
/// MD5(username:realm:password) (RFC 8489 §9.2.3, §9.2.5). Every later request carries them too. A 438 Stale Nonce is answered
/// once per request by sending it again with the new NONCE. Any other response to an authenticated request must carry a
/// MESSAGE-INTEGRITY that matches the key (§9.2.5): over UDP one that does not is dropped as if it never came, and
/// retransmissions go on (a request whose every answer was dropped so fails as an integrity violation, not a timeout);
/// over a stream the request fails at once.
/// </para>
/// <para>
/// Timing: the allocation is refreshed <see cref="TurnClientOptions.RefreshMargin"/> (60 s) before the granted LIFETIME ends,
/// or at half the lifetime when that is shorter than two margins (§8 suggests roughly a minute before). A permission lives 300 s (§9); it is refreshed at 240 s
/// when it was used since it was last installed (data sent to, or received from, that IP, or a channel bound to it), and
/// otherwise left to lapse: a send to a lapsed-but-not-expired one refreshes it at once. A channel lives 600 s (§12) and is
/// refreshed at 540 s for as long as the allocation lives; TURN has no way to unbind one.
/// </para>
/// <para>
/// Sends (§11.1, §12.5): to a peer with a confirmed channel, ChannelData (padded over a stream); otherwise a Send indication
/// (§12 lets a client use Send indications until the binding is confirmed), which the server drops unless a permission for the
/// peer's IP exists. Received Data indications need XOR-PEER-ADDRESS, DATA and a permission for that IP (§11.4); ChannelData
/// needs a channel this client asked for, confirmed or not yet (§12, §12.6). Anything
/// else (not from the server, malformed, unexpected) is dropped and counted in <see cref="Counters"/>, never thrown.
/// </para>
/// <para>
/// Not done: MESSAGE-INTEGRITY-SHA256, PASSWORD-ALGORITHMS and the nonce cookie's security features (RFC 8489 §9.2.1:
/// SHA-1 integrity only), 300 Try Alternate, a new client address after 437 on Allocate (§7.4), a fresh allocation after an
/// out-of-sync 400 on ChannelBind (§12.3), EVEN-PORT, RESERVATION-TOKEN, DONT-FRAGMENT, ICMP attributes (§11.6), IPv6 relays.
/// </para>
/// </remarks>
public sealed class TurnClient
{
    /// <summary>A permission's lifetime (RFC 8656 §9: 300 s, fixed).</summary>
    public static readonly TimeSpan PermissionLifetime = TimeSpan.FromSeconds(300);

    /// <summary>A channel binding's lifetime (RFC 8656 §12: 600 s, fixed).</summary>
    public static readonly TimeSpan ChannelLifetime = TimeSpan.FromSeconds(600);

    /// <summary>The allocation's lifetime when a success response leaves LIFETIME out: RFC 8656's default lifetime, 10 minutes.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(600);

    /// <summary>REQUESTED-TRANSPORT's protocol number: 17, UDP, the only relay transport RFC 8656 defines.</summary>
    private const byte UdpProtocol = 17;

    private readonly TurnClientOptions _options;
    private readonly StunTransactions _transactions;
    private readonly Bytes _software;
    private readonly Dictionary<Bytes, Request> _requests = [];
    private readonly Dictionary<IPAddress, Permission> _permissions = [];
    private readonly Dictionary<ushort, Channel> _channels = [];
    private readonly Dictionary<IPEndPoint, ushort> _channelOfPeer = [];
    private readonly List<byte[]> _sends = [];
    private readonly List<TurnClientEvent> _events = [];
    private Bytes _realm;
    private Bytes _nonce;
    private byte[]? _key;
    private TimeSpan? _refreshAt;
    private bool _refreshing;

    /// <summary>Creates a client for <paramref name="server"/>; nothing is sent until <see cref="Allocate"/>.</summary>
    /// <param name="server">The TURN server's transport address.</param>
    /// <param name="options">Credentials and settings; validated here.</param>
    /// <param name="random">The seeded source of transaction IDs.</param>
    /// <exception cref="ArgumentException">Options out of range.</exception>
    public TurnClient(IPEndPoint server, TurnClientOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _options = options.Validated();
        Server = Normalize(server);
        _transactions = new StunTransactions(random, options.Transactions);
        _software = options.Software is { } s ? Bytes.FromUtf8(s) : Bytes.Empty;
    }

    /// <summary>The server every datagram goes to.</summary>
    public IPEndPoint Server { get; }

    /// <summary>Where the allocation stands.</summary>
    public TurnClientState State { get; private set; }

    /// <summary>XOR-RELAYED-ADDRESS once allocated (RFC 8656 §7.3), else null.</summary>
    public IPEndPoint? RelayedAddress { get; private set; }

    /// <summary>XOR-MAPPED-ADDRESS from the Allocate response: this client as the server sees it; null before or when absent.</summary>
    public IPEndPoint? MappedAddress { get; private set; }

    /// <summary>The lifetime last granted (Allocate or Refresh), zero before.</summary>
    public TimeSpan Lifetime { get; private set; }

    /// <summary>The realm learned from the server's 401, or null before.</summary>
    public string? Realm => _realm.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(_realm.Span);

    /// <summary>In <see cref="TurnClientState.Failed"/>: the ERROR-CODE, or 0 when no usable response came.</summary>
    public int FailureCode { get; private set; }

    /// <summary>In <see cref="TurnClientState.Failed"/>: why, for people.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>What was dropped, retried and retransmitted.</summary>
    public TurnClientCounters Counters { get; } = new();

    /// <summary>When <see cref="Poll"/> next has something to do, or null.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            var next = _transactions.NextDeadline;
            if (State == TurnClientState.Allocated)
            {
                if (!_refreshing)
                {
                    next = Earliest(next, _refreshAt);
                }

                foreach (var p in _permissions.Values.Where(p => !p.Pending && p.Installed))
                {
                    next = Earliest(next, p.RefreshAt ?? p.ExpiresAt);
                }

                foreach (var c in _channels.Values.Where(c => !c.Pending && c.Confirmed))
                {
                    next = Earliest(next, c.RefreshAt);
                }
            }

            return next;
        }
    }

    /// <summary>The IPs with an installed permission (RFC 8656 §9).</summary>
    public IReadOnlyCollection<IPAddress> Permissions => [.. _permissions.Where(p => p.Value.Installed).Select(p => p.Key)];

    /// <summary>The channel bound to <paramref name="peer"/> and confirmed by the server, or null.</summary>
    public ushort? ChannelOf(IPEndPoint peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return _channelOfPeer.TryGetValue(Normalize(peer), out var number) && _channels[number].Confirmed ? number : null;
    }

    /// <summary>Sends an Allocate request for a UDP relay (RFC 8656 §7.1); <see cref="TurnAllocated"/> or <see cref="TurnFailed"/> follows.</summary>
    /// <exception cref="InvalidOperationException">Called twice: one allocation per client.</exception>
    public void Allocate(TimeSpan now)
    {
        if (State != TurnClientState.Idle)
        {
            throw new InvalidOperationException($"a TurnClient makes one allocation; this one is {State}");
        }

        State = TurnClientState.Allocating;
        Start(now, new Request(RequestKind.Allocate));
    }

    /// <summary>Refreshes the allocation now rather than at its time (RFC 8656 §8); false when not allocated or a refresh is already out.</summary>
    public bool Refresh(TimeSpan now)
    {
        if (State != TurnClientState.Allocated || _refreshing)
        {
            return false;
        }

        StartRefresh(now, _options.RequestedLifetime ?? Lifetime);
        return true;
    }

    /// <summary>
    /// Deletes the allocation with a Refresh of LIFETIME 0 (RFC 8656 §8); <see cref="TurnReleased"/> follows whatever the
    /// answer (a 437 means it was gone already; no answer means the server will expire it). Before the allocation exists
    /// it just stops trying. Does nothing when already released or failed.
    /// </summary>
    public void Release(TimeSpan now)
    {
        switch (State)
        {
            case TurnClientState.Allocated:
                CancelAll();
                State = TurnClientState.Releasing;
                StartRefresh(now, TimeSpan.Zero);
                break;
            case TurnClientState.Idle or TurnClientState.Allocating:
                CancelAll();
                Released(confirmed: false);
                break;
        }
    }

    /// <summary>
    /// Tells the client its stream to the server closed (a <see cref="TurnClientTransport.Stream"/> transport): an allocation
    /// is identified by its 5-tuple (RFC 8656 §2), which dies with the connection, so it ends here, <see cref="TurnFailed"/>
    /// (or <see cref="TurnReleased"/> when a release was under way).
    /// </summary>
    public void TransportClosed()
    {
        switch (State)
        {
            case TurnClientState.Allocating or TurnClientState.Allocated:
                Failed(0, $"the connection to {Server} closed; the allocation ends with it");
                break;
            case TurnClientState.Releasing:
                Released(confirmed: false);
                break;
        }
    }

    /// <summary>
    /// Installs (or refreshes) a permission for <paramref name="peer"/> with CreatePermission (RFC 8656 §9); it is kept
    /// alive while in use. <see cref="TurnPermissionCreated"/> or <see cref="TurnPermissionFailed"/> follows.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not allocated.</exception>
    public void CreatePermission(TimeSpan now, IPAddress peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        RequireAllocated();
        var ip = Normalize(peer);
        if (!_permissions.TryGetValue(ip, out var permission))
        {
            _permissions.Add(ip, permission = new Permission());
        }

        permission.Pending = true;
        Start(now, new Request(RequestKind.CreatePermission) { PeerIp = ip });
    }

    /// <summary>
    /// Binds a channel to <paramref name="peer"/> with ChannelBind (RFC 8656 §12.1), the lowest free number from 0x4000, or
    /// the one already bound to it; the binding (and the permission it installs) is refreshed until the allocation ends.
    /// <see cref="TurnChannelBound"/> (at once when it is already confirmed) or <see cref="TurnChannelFailed"/> follows.
    /// </summary>
    /// <returns>The channel number.</returns>
    /// <exception cref="InvalidOperationException">Not allocated, or all 4,096 channels are taken.</exception>
    public ushort BindChannel(TimeSpan now, IPEndPoint peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        RequireAllocated();
        peer = Normalize(peer);
        if (_channelOfPeer.TryGetValue(peer, out var bound))
        {
            if (_channels[bound].Confirmed)
            {
                _events.Add(new TurnChannelBound(peer, bound));
            }

            return bound;
        }

        var number = ChannelData.FirstChannel;
        while (_channels.ContainsKey(number))
        {
            if (number == ChannelData.LastChannel)
            {
                throw new InvalidOperationException("all 4,096 TURN channels (0x4000-0x4FFF) are bound");
            }

            number++;
        }

        _channels.Add(number, new Channel(peer, number) { Pending = true });
        _channelOfPeer.Add(peer, number);
        Start(now, new Request(RequestKind.ChannelBind) { Peer = peer, Channel = number });
        return number;
    }

    /// <summary>
    /// Relays <paramref name="data"/> to <paramref name="peer"/>: ChannelData when a channel to it is confirmed, else a Send
    /// indication (RFC 8656 §11.1, §12.5). False, and nothing sent, when there is no allocation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 65,535 bytes.</exception>
    public bool Send(TimeSpan now, IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, ushort.MaxValue, nameof(data));
        if (State != TurnClientState.Allocated)
        {
            return false;
        }

        peer = Normalize(peer);
        Touch(now, peer.Address);
        if (_channelOfPeer.TryGetValue(peer, out var number) && _channels[number].Confirmed)
        {
            _sends.Add(ChannelData.Write(number, data, pad: _options.Transport == TurnClientTransport.Stream));
            Counters.ChannelDataSent++;
            return true;
        }

        var indication = new StunMessage(StunClass.Indication, StunMethod.Send, _transactions.NewTransactionId());
        indication = indication with
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(peer, indication.TransactionId.Span)),
                new StunAttributeEntry(StunAttributeType.Data, Bytes.Copy(data)),
            ],
        };
        _sends.Add(StunCodec.Encode(indication, fingerprint: _options.Fingerprint));
        Counters.SendIndications++;
        return true;
    }

    /// <summary>Hands in one datagram (or one framed stream message) from <paramref name="from"/>. Never throws on its content.</summary>
    public void Receive(TimeSpan now, IPEndPoint from, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!Normalize(from).Equals(Server))
        {
            Counters.NotFromServer++;
            return;
        }

        if (ChannelData.LooksLikeChannelData(bytes))
        {
            ReceiveChannelData(now, bytes);
            return;
        }

        if (!StunCodec.TryDecode(bytes, out var message, out _)
            || (message.Find(StunAttributeType.Fingerprint) is not null && !StunCodec.CheckFingerprint(bytes)))
        {
            Counters.Malformed++;
            return;
        }

        switch (message.Class)
        {
            case StunClass.Indication when message.Method == StunMethod.Data:
                ReceiveDataIndication(now, message);
                break;
            case StunClass.SuccessResponse or StunClass.ErrorResponse:
                ReceiveResponse(now, from, message, bytes);
                break;
            default:
                Counters.Unexpected++;
                break;
        }
    }

    /// <summary>Retransmits, times out and refreshes what is due at <paramref name="now"/>.</summary>
    public void Poll(TimeSpan now)
    {
        _transactions.Poll(now);
        Finish(now);
        if (State != TurnClientState.Allocated)
        {
            return;
        }

        if (!_refreshing && _refreshAt <= now)
        {
            StartRefresh(now, _options.RequestedLifetime ?? Lifetime);
        }

        foreach (var (ip, p) in _permissions.ToList())
        {
            if (p.Pending || !p.Installed)
            {
                continue;
            }

            if (p.RefreshAt <= now)
            {
                p.RefreshAt = null;
                if (p.Used || _channels.Values.Any(c => c.Peer.Address.Equals(ip)))
                {
                    StartPermissionRefresh(now, ip, p);
                }
            }
            else if (p.RefreshAt is null && p.ExpiresAt <= now)
            {
                // §9: the server let it go; so do we, and Data from that IP is dropped from now on.
                _permissions.Remove(ip);
            }
        }

        foreach (var c in _channels.Values.Where(c => c.Confirmed && !c.Pending && c.RefreshAt <= now).ToList())
        {
            c.Pending = true;
            Start(now, new Request(RequestKind.ChannelBind) { Peer = c.Peer, Channel = c.Number, Automatic = true });
        }
    }

    /// <summary>What to send to <see cref="Server"/>, in order; the list is emptied.</summary>
    public IReadOnlyList<byte[]> DrainSends()
    {
        var sends = _sends.ToArray();
        _sends.Clear();
        return sends;
    }

    /// <summary>What happened, in order; the list is emptied.</summary>
    public IReadOnlyList<TurnClientEvent> DrainEvents()
    {
        var events = _events.ToArray();
        _events.Clear();
        return events;
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private static Bytes Uint32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return Bytes.Copy(bytes);
    }

    private void RequireAllocated()
    {
        if (State != TurnClientState.Allocated)
        {
            throw new InvalidOperationException($"no allocation: the client is {State}");
        }
    }

    /// <summary>Notes traffic with <paramref name="ip"/>; a permission whose refresh time passed unused is refreshed now.</summary>
    private void Touch(TimeSpan now, IPAddress ip)
    {
        if (_permissions.TryGetValue(ip, out var p))
        {
            p.Used = true;
            if (p.Installed && !p.Pending && p.RefreshAt is null && State == TurnClientState.Allocated)
            {
                StartPermissionRefresh(now, ip, p);
            }
        }
    }

    private void StartPermissionRefresh(TimeSpan now, IPAddress ip, Permission p)
    {
        p.Pending = true;
        p.Used = false;
        Start(now, new Request(RequestKind.CreatePermission) { PeerIp = ip, Automatic = true });
    }

    private void StartRefresh(TimeSpan now, TimeSpan lifetime)
    {
        _refreshing = true;
        Start(now, new Request(RequestKind.Refresh) { Lifetime = lifetime });
    }

    /// <summary>Builds the request (with credentials once the realm is known) and starts its transaction.</summary>
    private void Start(TimeSpan now, Request request)
    {
        var id = _transactions.NewTransactionId();
        var attributes = new List<StunAttributeEntry>();
        switch (request.Kind)
        {
            case RequestKind.Allocate:
                attributes.Add(new StunAttributeEntry(StunAttributeType.RequestedTransport, Bytes.Copy([UdpProtocol, 0, 0, 0])));
                if (_options.RequestedLifetime is { } lifetime)
                {
                    attributes.Add(new StunAttributeEntry(StunAttributeType.Lifetime, Uint32((uint)lifetime.TotalSeconds)));
                }

                break;
            case RequestKind.Refresh:
                attributes.Add(new StunAttributeEntry(StunAttributeType.Lifetime, Uint32((uint)request.Lifetime.TotalSeconds)));
                break;
            case RequestKind.CreatePermission:
                attributes.Add(new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(new IPEndPoint(request.PeerIp!, 0), id.Span)));
                break;
            case RequestKind.ChannelBind:
                attributes.Add(new StunAttributeEntry(StunAttributeType.ChannelNumber, Uint32((uint)request.Channel << 16)));
                attributes.Add(new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(request.Peer!, id.Span)));
                break;
        }

        if (_software.Length > 0 && request.Kind == RequestKind.Allocate)
        {
            attributes.Add(new StunAttributeEntry(StunAttributeType.Software, _software));
        }

        request.Key = _key;
        if (_key is not null)
        {
            attributes.Add(new StunAttributeEntry(StunAttributeType.Username, Bytes.FromUtf8(_options.Username)));
            attributes.Add(new StunAttributeEntry(StunAttributeType.Realm, _realm));
            attributes.Add(new StunAttributeEntry(StunAttributeType.Nonce, _nonce));
        }

        var message = new StunMessage(StunClass.Request, request.Kind switch
        {
            RequestKind.Allocate => StunMethod.Allocate,
            RequestKind.Refresh => StunMethod.Refresh,
            RequestKind.CreatePermission => StunMethod.CreatePermission,
            _ => StunMethod.ChannelBind,
        }, id) { Attributes = [.. attributes] };
        var bytes = StunCodec.Encode(message, _key, fingerprint: _options.Fingerprint);
        _transactions.Start(now, Server, bytes, reliable: _options.Transport == TurnClientTransport.Stream);
        _requests.Add(id, request);
        Flush();
    }

    private void Flush()
    {
        foreach (var (_, bytes) in _transactions.DrainSends())
        {
            _sends.Add(bytes);
        }

        Counters.Retransmissions = _transactions.Retransmissions;
    }

    private void CancelAll()
    {
        foreach (var id in _requests.Keys)
        {
            _transactions.Cancel(id);
        }

        _requests.Clear();
        _refreshing = false;
    }

    private void ReceiveResponse(TimeSpan now, IPEndPoint from, StunMessage message, ReadOnlySpan<byte> bytes)
    {
        if (!_requests.TryGetValue(message.TransactionId, out var request))
        {
            Counters.Unexpected++;
            return;
        }

        // RFC 8489 §9.2.5: a 401 or 438 is not integrity-protected (the key may be what is wrong); everything else
        // answering an authenticated request must be, or it is dropped as if it never came.
        var code = message.Class == StunClass.ErrorResponse && message.Find(StunAttributeType.ErrorCode) is { } e ? StunErrorCode.FromValue(e.Value.Span)?.Code : null;
        if (request.Key is { } key && code is not (401 or 438) && !StunCodec.CheckIntegrity(bytes, key))
        {
            Counters.IntegrityFailures++;
            request.IntegrityViolated = true;
            if (_options.Transport == TurnClientTransport.Stream)
            {
                // §9.2.5: over a reliable transport the transaction ends at once.
                _transactions.Cancel(message.TransactionId);
                _requests.Remove(message.TransactionId);
                Fail(now, request, 0, "the response failed its MESSAGE-INTEGRITY check");
            }

            return;
        }

        _transactions.Receive(now, from, bytes);
        Finish(now);
    }

    /// <summary>Takes the transactions that ended (answered or timed out) and acts on each.</summary>
    private void Finish(TimeSpan now)
    {
        Flush();
        foreach (var result in _transactions.DrainResults())
        {
            if (_requests.Remove(result.TransactionId, out var request))
            {
                Complete(now, request, result);
            }
        }
    }

    private void Complete(TimeSpan now, Request request, StunTransactionResult result)
    {
        if (result.Response is not { } response)
        {
            Fail(now, request, 0, request.IntegrityViolated
                ? $"every response from {Server} failed its MESSAGE-INTEGRITY check"
                : $"no response from {Server} after {result.Sends} sends in {result.Elapsed.TotalSeconds:0.#} s");
            return;
        }

        if (response.Class == StunClass.SuccessResponse)
        {
            Succeed(now, request, response);
            return;
        }

        var error = result.Error ?? new StunErrorCode(0, "an error response without a valid ERROR-CODE");
        if (error.Code == 401 && request.Kind == RequestKind.Allocate && request.Key is null && LearnChallenge(response))
        {
            // RFC 8656 §7.1, RFC 8489 §9.2.5: the first Allocate is refused, naming the realm and a nonce; send it with credentials.
            Start(now, request);
            return;
        }

        if (error.Code == 438 && !request.StaleRetried && _key is not null && LearnChallenge(response))
        {
            Counters.StaleNonceRetries++;
            request.StaleRetried = true;
            Start(now, request);
            return;
        }

        var reason = error.Code == 401 && request.Key is not null
            ? $"401 {error.Reason}: the server refused user '{_options.Username}' in realm '{Realm}' (wrong password?)"
            : $"{error.Code} {error.Reason}";
        Fail(now, request, error.Code, reason);
    }

    /// <summary>Takes REALM and NONCE from a 401 or 438 (RFC 8489 §9.2.5); false when either is missing.</summary>
    private bool LearnChallenge(StunMessage response)
    {
        var nonce = response.Find(StunAttributeType.Nonce);
        var realm = response.Find(StunAttributeType.Realm);
        if (nonce is null || (realm is null && _realm.Length == 0))
        {
            return false;
        }

        _nonce = nonce.Value;
        if (realm is not null && (_key is null || realm.Value != _realm))
        {
            _realm = realm.Value;
            _key = StunCodec.LongTermKey(_options.Username, System.Text.Encoding.UTF8.GetString(_realm.Span), _options.Password);
        }

        return true;
    }

    private void Succeed(TimeSpan now, Request request, StunMessage response)
    {
        var lifetime = response.Find(StunAttributeType.Lifetime) is { Value.Length: 4 } l
            ? TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(l.Value.Span))
            : (TimeSpan?)null;
        switch (request.Kind)
        {
            case RequestKind.Allocate:
                var relayed = response.Find(StunAttributeType.XorRelayedAddress) is { } r ? StunAddress.ReadXor(r.Value.Span, response.TransactionId.Span) : null;
                if (relayed is null)
                {
                    Fail(now, request, 0, "the Allocate success response has no valid XOR-RELAYED-ADDRESS");
                    return;
                }

                RelayedAddress = relayed;
                MappedAddress = response.Find(StunAttributeType.XorMappedAddress) is { } m ? StunAddress.ReadXor(m.Value.Span, response.TransactionId.Span) : null;
                State = TurnClientState.Allocated;
                Granted(now, lifetime ?? DefaultLifetime);
                _events.Add(new TurnAllocated(relayed, MappedAddress, Lifetime));
                break;
            case RequestKind.Refresh when request.Lifetime == TimeSpan.Zero || lifetime == TimeSpan.Zero:
                Released(confirmed: true);
                break;
            case RequestKind.Refresh:
                _refreshing = false;
                Counters.Refreshes++;
                Granted(now, lifetime ?? request.Lifetime);
                _events.Add(new TurnRefreshed(Lifetime));
                break;
            case RequestKind.CreatePermission when _permissions.TryGetValue(request.PeerIp!, out var p):
                p.Pending = false;
                Installed(now, p);
                if (!request.Automatic)
                {
                    _events.Add(new TurnPermissionCreated(request.PeerIp!));
                }

                break;
            case RequestKind.ChannelBind when _channels.TryGetValue(request.Channel, out var c):
                c.Pending = false;
                c.Confirmed = true;
                c.RefreshAt = now + ChannelLifetime - _options.RefreshMargin;

                // §12.1, §12.3: a ChannelBind installs or refreshes the permission for the peer's IP too.
                if (!_permissions.TryGetValue(c.Peer.Address, out var permission))
                {
                    _permissions.Add(c.Peer.Address, permission = new Permission());
                }

                if (!permission.Pending)
                {
                    Installed(now, permission);
                }

                if (!request.Automatic)
                {
                    _events.Add(new TurnChannelBound(c.Peer, c.Number));
                }

                break;
        }
    }

    private void Installed(TimeSpan now, Permission p)
    {
        p.Installed = true;
        p.ExpiresAt = now + PermissionLifetime;
        p.RefreshAt = p.ExpiresAt - _options.RefreshMargin;
    }

    /// <summary>§8: refresh a margin before the end, or at half a lifetime shorter than two margins.</summary>
    private void Granted(TimeSpan now, TimeSpan lifetime)
    {
        Lifetime = lifetime;
        _refreshAt = now + (lifetime > _options.RefreshMargin * 2 ? lifetime - _options.RefreshMargin : lifetime / 2);
    }

    private void Fail(TimeSpan now, Request request, int code, string reason)
    {
        switch (request.Kind)
        {
            case RequestKind.Allocate:
                Failed(code, $"Allocate failed: {reason}");
                break;
            case RequestKind.Refresh when request.Lifetime == TimeSpan.Zero:
                // §8.3: a 437 says it was gone already, which counts as success; no answer means it will expire.
                Released(confirmed: code == 437);
                break;
            case RequestKind.Refresh:
                Failed(code, $"Refresh failed, the allocation is lost: {reason}");
                break;
            case RequestKind.CreatePermission:
                if (_permissions.TryGetValue(request.PeerIp!, out var p) && !(p.Installed && p.ExpiresAt > now && !request.Automatic))
                {
                    _permissions.Remove(request.PeerIp!);
                }
                else if (p is not null)
                {
                    p.Pending = false;
                }

                _events.Add(new TurnPermissionFailed(request.PeerIp!, code, $"CreatePermission failed: {reason}"));
                break;
            case RequestKind.ChannelBind:
                if (_channels.Remove(request.Channel, out var c))
                {
                    _channelOfPeer.Remove(c.Peer);
                }

                _events.Add(new TurnChannelFailed(request.Peer!, request.Channel, code, $"ChannelBind failed: {reason}"));
                break;
        }
    }

    private void Failed(int code, string reason)
    {
        CancelAll();
        ForgetRelay();
        State = TurnClientState.Failed;
        FailureCode = code;
        FailureReason = reason;
        _events.Add(new TurnFailed(code, reason));
    }

    private void Released(bool confirmed)
    {
        CancelAll();
        ForgetRelay();
        State = TurnClientState.Released;
        _events.Add(new TurnReleased(confirmed));
    }

    private void ForgetRelay()
    {
        _permissions.Clear();
        _channels.Clear();
        _channelOfPeer.Clear();
        _refreshAt = null;
    }

    private void ReceiveDataIndication(TimeSpan now, StunMessage message)
    {
        var peer = message.Find(StunAttributeType.XorPeerAddress) is { } a ? StunAddress.ReadXor(a.Value.Span, message.TransactionId.Span) : null;
        var data = message.Find(StunAttributeType.Data);

        // §11.4: without a peer address or data, or from an IP we hold no permission for, the indication is dropped.
        if (peer is null || data is null || !_permissions.ContainsKey(Normalize(peer.Address)))
        {
            Counters.DataDropped++;
            return;
        }

        peer = Normalize(peer);
        Touch(now, peer.Address);
        Counters.DataIndications++;
        _events.Add(new TurnData(peer, data.Value, null));
    }

    private void ReceiveChannelData(TimeSpan now, ReadOnlySpan<byte> bytes)
    {
        if (!ChannelData.TryRead(bytes, out var number, out var data, out _))
        {
            Counters.Malformed++;
            return;
        }

        // §12.6: ChannelData on a channel this client did not bind is dropped. §12: it may come before the ChannelBind response.
        if (!_channels.TryGetValue(number, out var channel))
        {
            Counters.DataDropped++;
            return;
        }

        Touch(now, channel.Peer.Address);
        Counters.ChannelDataReceived++;
        _events.Add(new TurnData(channel.Peer, Bytes.Copy(data), number));
    }

    private enum RequestKind
    {
        Allocate,
        Refresh,
        CreatePermission,
        ChannelBind,
    }

    /// <summary>An outstanding request: what it is for, and how its answer is to be checked.</summary>
    private sealed class Request(RequestKind kind)
    {
        public RequestKind Kind { get; } = kind;

        /// <summary>The key it was sent with; null for the first, unauthenticated Allocate.</summary>
        public byte[]? Key { get; set; }

        public bool StaleRetried { get; set; }

        /// <summary>A response came whose integrity check failed (RFC 8489 §9.2.5).</summary>
        public bool IntegrityViolated { get; set; }

        /// <summary>A refresh the client made on its own: success raises no event.</summary>
        public bool Automatic { get; init; }

        public TimeSpan Lifetime { get; init; }

        public IPAddress? PeerIp { get; init; }

        public IPEndPoint? Peer { get; init; }

        public ushort Channel { get; init; }
    }

    private sealed class Permission
    {
        public bool Installed { get; set; }

        public bool Pending { get; set; }

        public bool Used { get; set; }

        public TimeSpan ExpiresAt { get; set; }

        /// <summary>When to refresh if in use; null once that time passed without use.</summary>
        public TimeSpan? RefreshAt { get; set; }
    }

    private sealed class Channel(IPEndPoint peer, ushort number)
    {
        public IPEndPoint Peer { get; } = peer;

        public ushort Number { get; } = number;

        public bool Confirmed { get; set; }

        public bool Pending { get; set; }

        public TimeSpan RefreshAt { get; set; }
    }
}
