using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Turn;

/// <summary>
/// A sans-IO TURN server (RFC 8656) with long-term credentials (RFC 8489 §9.2). The host hands it what
/// arrives from clients (<see cref="HandleFromClient"/>) and from peers on relayed addresses
/// (<see cref="HandleFromPeer"/>), calls <see cref="Poll"/> at <see cref="NextDeadline"/>, and carries out the
/// <see cref="TurnAction"/>s it takes with <see cref="TakeActions"/>. Relayed addresses are opened and closed
/// through an <see cref="IRelayAllocator"/>. It reads no clock (every call gets <c>now</c>) and makes its
/// randomness from the injected <see cref="Random"/>. A peer's or a client's bad bytes are dropped and counted,
/// never thrown.
/// </summary>
/// <remarks>
/// Where it departs from, or chooses within, RFC 8656:
/// <list type="bullet">
/// <item>Relayed transport is UDP only (§7.2: REQUESTED-TRANSPORT other than 17 gets 442); one address family,
/// the allocator's (REQUESTED-ADDRESS-FAMILY for another gets 440; ADDITIONAL-ADDRESS-FAMILY, an optional
/// attribute, is ignored, so dual allocations are not made).</item>
/// <item>DONT-FRAGMENT is not supported, so it is an unknown comprehension-required attribute: 420 on an
/// Allocate, a silently dropped Send indication (§7.2, §11.2).</item>
/// <item>EVEN-PORT is honoured, with the R bit: the next port is held for <see cref="TurnServerOptions.ReservationLifetime"/>
/// and a RESERVATION-TOKEN returned (§7.2); coturn's turnutils_uclient relies on it for its RTCP allocation.</item>
/// <item>SHA-1 MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 are both accepted, each keyed with MD5(user:realm:password);
/// PASSWORD-ALGORITHMS is never offered, so a request naming a PASSWORD-ALGORITHM gets 400 (RFC 8489 §9.2.4).
/// USERHASH is not supported (400: no USERNAME).</item>
/// <item>Expiry is checked on every use, so a late <see cref="Poll"/> never relays on an expired permission;
/// Poll frees the state and the relayed ports.</item>
/// </list>
/// </remarks>
public sealed class TurnServer
{
    private const byte UdpProtocol = 17;

    private static readonly FrozenSet<ushort> Understood = new ushort[]
    {
        StunAttributeType.MappedAddress, StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.ErrorCode,
        StunAttributeType.UnknownAttributes, StunAttributeType.Realm, StunAttributeType.Nonce, StunAttributeType.MessageIntegritySha256,
        StunAttributeType.UserHash, StunAttributeType.XorMappedAddress, StunAttributeType.Priority, StunAttributeType.PasswordAlgorithm,
        StunAttributeType.ChannelNumber, StunAttributeType.Lifetime, StunAttributeType.XorPeerAddress, StunAttributeType.Data,
        StunAttributeType.RequestedAddressFamily, StunAttributeType.EvenPort, StunAttributeType.RequestedTransport,
        StunAttributeType.ReservationToken, StunAttributeType.Padding,
    }.ToFrozenSet();

    private readonly TurnServerOptions _options;
    private readonly IRelayAllocator _relays;
    private readonly Random _random;
    private readonly TurnNonces _nonces;
    private readonly Bytes _software;
    private readonly Bytes _realm;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly Dictionary<TurnFiveTuple, TurnAllocation> _byClient = [];
    private readonly Dictionary<IPEndPoint, TurnAllocation> _byRelay = [];
    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, TurnReservation> _reservations = [];
    private readonly List<TurnAction> _actions = [];

    /// <summary>Creates a server; <paramref name="options"/> are checked here.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public TurnServer(TurnServerOptions options, IRelayAllocator relays, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _relays = relays ?? throw new ArgumentNullException(nameof(relays));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        var secret = options.NonceSecret ?? RandomBytes(32).Memory;
        _nonces = new TurnNonces(secret.ToArray(), options.NonceLifetime);
        _software = Bytes.FromUtf8(options.Software);
        _realm = Bytes.FromUtf8(options.Realm);
        _keys = options.Users.ToDictionary(u => u.Key, u => StunCodec.LongTermKey(u.Key, options.Realm, u.Value), StringComparer.Ordinal);
    }

    /// <summary>What it did and refused.</summary>
    public TurnServerCounters Counters { get; } = new();

    /// <summary>Allocations held now (expired ones count until <see cref="Poll"/> frees them).</summary>
    public int AllocationCount => _byClient.Count;

    /// <summary>Whether <paramref name="client"/> holds an allocation that has not expired at <paramref name="now"/>.</summary>
    public bool HasAllocation(TurnFiveTuple client, TimeSpan now) => _byClient.TryGetValue(client, out var allocation) && now < allocation.Expires;

    /// <summary>When <see cref="Poll"/> should next run (an allocation, permission, channel or reservation expires), or null.</summary>
    public TimeSpan? NextDeadline { get; private set; }

    /// <summary>The actions queued since the last call, in order; the queue is emptied.</summary>
    public IReadOnlyList<TurnAction> TakeActions()
    {
        if (_actions.Count == 0)
        {
            return [];
        }

        var taken = _actions.ToArray();
        _actions.Clear();
        return taken;
    }

    /// <summary>
    /// One message from a client: a datagram over UDP, or one framed STUN or ChannelData message from a TCP
    /// stream (the host frames it, RFC 8656 §12.5).
    /// </summary>
    public void HandleFromClient(TimeSpan now, TurnFiveTuple client, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(client.Client);
        ArgumentNullException.ThrowIfNull(client.Server);
        if (bytes.Length >= 1 && (bytes[0] & 0xC0) == 0x40)
        {
            FromClientChannelData(now, client, bytes);
            return;
        }

        if (!StunCodec.TryDecode(bytes, out var message, out _)
            || (message.Find(StunAttributeType.Fingerprint) is not null && !StunCodec.CheckFingerprint(bytes)))
        {
            Counters.Dropped++;
            return;
        }

        switch (message.Class)
        {
            case StunClass.Request:
                Request(now, client, message, bytes);
                break;
            case StunClass.Indication when message.Method == StunMethod.Send:
                SendIndication(now, client, message);
                break;
            default:
                // Responses, and indications other than Send (§11.2: a client sends only Send indications).
                Counters.Dropped++;
                break;
        }
    }

    /// <summary>A UDP datagram from <paramref name="peer"/> to the relayed address <paramref name="relay"/> (§11.3, §12.6).</summary>
    public void HandleFromPeer(TimeSpan now, IPEndPoint relay, IPEndPoint peer, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(peer);
        if (!_byRelay.TryGetValue(relay, out var allocation) || now >= allocation.Expires)
        {
            // A reserved port, a closing socket or a late datagram: nobody to deliver it to.
            Counters.Dropped++;
            return;
        }

        peer = Normalize(peer);

        // §9: only peers the client gave a permission to may reach it; the rest is dropped silently.
        if (!allocation.HasPermission(peer.Address, now))
        {
            Counters.DroppedNoPermission++;
            return;
        }

        if (allocation.ChannelByPeer.TryGetValue(peer, out var number) && allocation.Channels[number].IsLive(now))
        {
            // §12.6: a bound channel carries it as ChannelData, padded over a stream (§12.5).
            if (bytes.Length > ushort.MaxValue)
            {
                Counters.Dropped++;
                return;
            }

            Counters.RelayedToClients++;
            _actions.Add(new TurnSendToClient(allocation.Client, WriteChannelData(number, bytes, allocation.Client.Transport == TurnTransport.Tcp)));
            return;
        }

        // §11.3: otherwise a Data indication with XOR-PEER-ADDRESS and DATA.
        if (bytes.Length > ushort.MaxValue - 64)
        {
            Counters.Dropped++;
            return;
        }

        var transaction = RandomBytes(12);
        var indication = new StunMessage(StunClass.Indication, StunMethod.Data, transaction)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(peer, transaction.Span)),
                new StunAttributeEntry(StunAttributeType.Data, Bytes.Copy(bytes)),
            ],
        };
        Counters.RelayedToClients++;
        _actions.Add(new TurnSendToClient(allocation.Client, StunCodec.Encode(indication)));
    }

    /// <summary>The client's TCP connection closed: its allocation goes with it (RFC 8656 §3.1, §5).</summary>
    public void ConnectionClosed(TimeSpan now, TurnFiveTuple client)
    {
        if (_byClient.TryGetValue(client, out var allocation))
        {
            Delete(allocation);
        }
    }

    /// <summary>Frees what has expired at <paramref name="now"/>: allocations, permissions, channels (after their cool-off), reservations.</summary>
    public void Poll(TimeSpan now)
    {
        TimeSpan? next = null;
        void Note(TimeSpan at) => next = next is { } n && n <= at ? n : at;

        foreach (var allocation in _byClient.Values.ToList())
        {
            if (now >= allocation.Expires)
            {
                Delete(allocation);
                continue;
            }

            Note(allocation.Expires);
            foreach (var (peer, expires) in allocation.Permissions.ToList())
            {
                if (now >= expires)
                {
                    allocation.Permissions.Remove(peer);
                }
                else
                {
                    Note(expires);
                }
            }

            foreach (var channel in allocation.Channels.Values.ToList())
            {
                var gone = channel.Expires + TurnChannel.CoolOff;
                if (now >= gone)
                {
                    allocation.Channels.Remove(channel.Number);
                    allocation.ChannelByPeer.Remove(channel.Peer);
                }
                else
                {
                    Note(channel.IsLive(now) ? channel.Expires : gone);
                }
            }
        }

        foreach (var (token, reservation) in _reservations.ToList())
        {
            if (now >= reservation.Expires)
            {
                _reservations.Remove(token);
                _relays.Close(reservation.Relay);
            }
            else
            {
                Note(reservation.Expires);
            }
        }

        NextDeadline = next;
    }

    private void Request(TimeSpan now, TurnFiveTuple client, StunMessage request, ReadOnlySpan<byte> bytes)
    {
        var fingerprint = request.Find(StunAttributeType.Fingerprint) is not null;

        // RFC 8489 §6.3.1: unknown comprehension-required attributes are refused before anything else.
        var unknown = request.Attributes.Where(a => a.IsComprehensionRequired && !Understood.Contains(a.Type)).Select(a => a.Type).Distinct().ToList();
        if (unknown.Count > 0)
        {
            Error(client, request, 420, "Unknown Attribute", default, false, fingerprint, new StunAttributeEntry(StunAttributeType.UnknownAttributes, StunErrorCode.UnknownAttributes(unknown)));
            return;
        }

        switch (request.Method)
        {
            case StunMethod.Binding:
                // A TURN server is a STUN server (RFC 8656 §2): Binding needs no credentials.
                Succeed(client, request, default, false, fingerprint, new StunAttributeEntry(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(Normalize(client.Client), request.TransactionId.Span)));
                return;
            case StunMethod.Allocate or StunMethod.Refresh or StunMethod.CreatePermission or StunMethod.ChannelBind:
                break;
            default:
                Counters.Dropped++;
                return;
        }

        if (!Authenticate(now, client, request, bytes, fingerprint, out var user))
        {
            return;
        }

        var reply = new Reply(client, request, user.Key, user.Sha256, fingerprint);
        switch (request.Method)
        {
            case StunMethod.Allocate:
                Allocate(now, reply, user.Name);
                break;
            case StunMethod.Refresh:
                Refresh(now, reply, user.Name);
                break;
            case StunMethod.CreatePermission:
                CreatePermission(now, reply, user.Name);
                break;
            default:
                ChannelBind(now, reply, user.Name);
                break;
        }
    }

    /// <summary>
    /// Long-term credentials, server side (RFC 8489 §9.2.4), in its order: no integrity → 401 with REALM and NONCE;
    /// integrity without USERNAME, REALM or NONCE → 400; an unknown user or wrong integrity → 401; a nonce that is
    /// not ours or too old → 438 with a fresh one. 400 and 401 carry no MESSAGE-INTEGRITY (there is no key to trust).
    /// </summary>
    private bool Authenticate(TimeSpan now, TurnFiveTuple client, StunMessage request, ReadOnlySpan<byte> bytes, bool fingerprint, out Credentials user)
    {
        user = default;
        var sha256 = request.Find(StunAttributeType.MessageIntegritySha256) is not null;
        if (!sha256 && request.Find(StunAttributeType.MessageIntegrity) is null)
        {
            Counters.Unauthenticated++;
            Challenge(now, client, request, 401, "Unauthenticated", fingerprint);
            return false;
        }

        var username = request.Find(StunAttributeType.Username);
        var realm = request.Find(StunAttributeType.Realm);
        var nonce = request.Find(StunAttributeType.Nonce);
        if (username is null || realm is null || nonce is null || request.Find(StunAttributeType.PasswordAlgorithm) is not null)
        {
            Error(client, request, 400, "Bad Request", default, false, fingerprint);
            return false;
        }

        var name = Encoding.UTF8.GetString(username.Value.Span);
        if (!_keys.TryGetValue(name, out var key) || realm.Value != _realm || !StunCodec.CheckIntegrity(bytes, key, sha256))
        {
            Counters.Unauthenticated++;
            Challenge(now, client, request, 401, "Unauthenticated", fingerprint);
            return false;
        }

        if (!_nonces.Check(nonce.Value.Span, now, out _))
        {
            Counters.StaleNonces++;
            Challenge(now, client, request, 438, "Stale Nonce", fingerprint);
            return false;
        }

        user = new Credentials(name, key, sha256);
        return true;
    }

    /// <summary>Allocate (RFC 8656 §7.2), checks in the RFC's order after authentication.</summary>
    private void Allocate(TimeSpan now, Reply reply, string user)
    {
        var request = reply.Request;
        if (Live(reply.Client, now) is { } existing)
        {
            // §7.2 step 2: the 5-tuple is taken, unless this is a retransmission of the Allocate that took it.
            if (existing.AllocateTransaction == request.TransactionId)
            {
                Counters.Succeeded++;
                _actions.Add(new TurnSendToClient(reply.Client, existing.AllocateResponse));
            }
            else
            {
                Refuse(reply, 437, "Allocation Mismatch");
            }

            return;
        }

        if (request.Find(StunAttributeType.RequestedTransport) is not { } transport || transport.Value.Length != 4)
        {
            Refuse(reply, 400, "Bad Request: no REQUESTED-TRANSPORT");
            return;
        }

        if (transport.Value.Span[0] != UdpProtocol)
        {
            Refuse(reply, 442, "Unsupported Transport Protocol");
            return;
        }

        var evenPort = request.Find(StunAttributeType.EvenPort);
        var token = request.Find(StunAttributeType.ReservationToken);
        var family = request.Find(StunAttributeType.RequestedAddressFamily);
        if (token is not null && (evenPort is not null || family is not null || token.Value.Length != 8))
        {
            // §7.2: RESERVATION-TOKEN comes alone, without EVEN-PORT or REQUESTED-ADDRESS-FAMILY.
            Refuse(reply, 400, "Bad Request: RESERVATION-TOKEN with EVEN-PORT or REQUESTED-ADDRESS-FAMILY");
            return;
        }

        if (evenPort is not null && evenPort.Value.Length != 1)
        {
            Refuse(reply, 400, "Bad Request: EVEN-PORT");
            return;
        }

        if (family is not null)
        {
            if (family.Value.Length != 4 || family.Value.Span[0] is not (1 or 2))
            {
                Refuse(reply, 400, "Bad Request: REQUESTED-ADDRESS-FAMILY");
                return;
            }

            if ((family.Value.Span[0] == 1) != (_relays.Family == AddressFamily.InterNetwork))
            {
                Refuse(reply, 440, "Address Family not Supported");
                return;
            }
        }

        if (!TryLifetime(request, out var lifetime))
        {
            Refuse(reply, 400, "Bad Request: LIFETIME");
            return;
        }

        if (_perUser.GetValueOrDefault(user) >= _options.UserQuota)
        {
            Refuse(reply, 486, "Allocation Quota Reached");
            return;
        }

        if (_byClient.Count >= _options.MaxAllocations)
        {
            Refuse(reply, 508, "Insufficient Capacity");
            return;
        }

        IPEndPoint? relay;
        ulong? newToken = null;
        if (token is not null)
        {
            var value = BinaryPrimitives.ReadUInt64BigEndian(token.Value.Span);
            if (!_reservations.Remove(value, out var reservation) || now >= reservation.Expires)
            {
                if (reservation is not null)
                {
                    _relays.Close(reservation.Relay);
                }

                Refuse(reply, 508, "Insufficient Capacity: no such reservation");
                return;
            }

            relay = reservation.Relay;
        }
        else if (evenPort is not null && (evenPort.Value.Span[0] & 0x80) != 0)
        {
            relay = OpenEvenPair(now, out newToken);
        }
        else
        {
            relay = _relays.TryOpen(evenPort is not null);
        }

        if (relay is null)
        {
            Refuse(reply, 508, "Insufficient Capacity");
            return;
        }

        var allocation = new TurnAllocation(reply.Client, relay, user) { Expires = now + lifetime, AllocateTransaction = request.TransactionId };
        _byClient.Add(reply.Client, allocation);
        _byRelay.Add(relay, allocation);
        _perUser[user] = _perUser.GetValueOrDefault(user) + 1;
        Counters.AllocationsCreated++;
        Deadline(allocation.Expires);

        var attributes = new List<StunAttributeEntry>
        {
            new(StunAttributeType.XorRelayedAddress, StunAddress.WriteXor(relay, request.TransactionId.Span)),
            new(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(Normalize(reply.Client.Client), request.TransactionId.Span)),
            Lifetime(lifetime),
        };
        if (newToken is { } t)
        {
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(value, t);
            attributes.Add(new StunAttributeEntry(StunAttributeType.ReservationToken, Bytes.Copy(value)));
        }

        allocation.AllocateResponse = Succeed(reply, [.. attributes]);
    }

    /// <summary>An even port, and the next one held under a new reservation token (EVEN-PORT with R, §7.2).</summary>
    private IPEndPoint? OpenEvenPair(TimeSpan now, out ulong? token)
    {
        token = null;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            if (_relays.TryOpen(evenPort: true) is not { } even)
            {
                return null;
            }

            var next = new IPEndPoint(even.Address, even.Port + 1);
            if (even.Port < IPEndPoint.MaxPort && _relays.TryOpenAt(next))
            {
                var value = BinaryPrimitives.ReadUInt64BigEndian(RandomBytes(8).Span);
                var reservation = new TurnReservation(next, now + _options.ReservationLifetime);
                _reservations[value] = reservation;
                Deadline(reservation.Expires);
                token = value;
                return even;
            }

            _relays.Close(even);
        }

        return null;
    }

    /// <summary>Refresh (RFC 8656 §8): LIFETIME 0 deletes, otherwise the lifetime is set again.</summary>
    private void Refresh(TimeSpan now, Reply reply, string user)
    {
        if (Owned(now, reply, user) is not { } allocation)
        {
            return;
        }

        var request = reply.Request;
        if (request.Find(StunAttributeType.RequestedAddressFamily) is { } family
            && (family.Value.Length != 4 || (family.Value.Span[0] == 1) != (allocation.Relay.AddressFamily == AddressFamily.InterNetwork)))
        {
            Refuse(reply, 443, "Peer Address Family Mismatch");
            return;
        }

        if (!TryLifetime(request, out var lifetime))
        {
            Refuse(reply, 400, "Bad Request: LIFETIME");
            return;
        }

        if (lifetime == TimeSpan.Zero)
        {
            Delete(allocation);
        }
        else
        {
            allocation.Expires = now + lifetime;
            Deadline(allocation.Expires);
        }

        Succeed(reply, Lifetime(lifetime));
    }

    /// <summary>CreatePermission (RFC 8656 §10.2): every XOR-PEER-ADDRESS is checked before any is installed.</summary>
    private void CreatePermission(TimeSpan now, Reply reply, string user)
    {
        if (Owned(now, reply, user) is not { } allocation)
        {
            return;
        }

        var peers = new List<IPEndPoint>();
        foreach (var attribute in reply.Request.Attributes.Where(a => a.Type == StunAttributeType.XorPeerAddress))
        {
            if (!CheckPeer(reply, allocation, attribute, out var peer))
            {
                return;
            }

            peers.Add(peer);
        }

        if (peers.Count == 0)
        {
            Refuse(reply, 400, "Bad Request: no XOR-PEER-ADDRESS");
            return;
        }

        if (!RoomFor(allocation, peers.Select(p => p.Address), now))
        {
            Refuse(reply, 508, "Insufficient Capacity: too many permissions");
            return;
        }

        foreach (var peer in peers)
        {
            Permit(allocation, peer.Address, now);
        }

        Succeed(reply);
    }

    /// <summary>ChannelBind (RFC 8656 §12.2): binds or refreshes a channel, and installs or refreshes the peer's permission.</summary>
    private void ChannelBind(TimeSpan now, Reply reply, string user)
    {
        if (Owned(now, reply, user) is not { } allocation)
        {
            return;
        }

        var request = reply.Request;
        var numberAttribute = request.Find(StunAttributeType.ChannelNumber);
        var peerAttribute = request.Find(StunAttributeType.XorPeerAddress);
        if (numberAttribute is null || numberAttribute.Value.Length != 4 || peerAttribute is null)
        {
            Refuse(reply, 400, "Bad Request: CHANNEL-NUMBER and XOR-PEER-ADDRESS are required");
            return;
        }

        var number = BinaryPrimitives.ReadUInt16BigEndian(numberAttribute.Value.Span);
        if (number < ChannelData.FirstChannel || number > _options.HighestChannel)
        {
            Refuse(reply, 400, $"Bad Request: channel 0x{number:x4} is outside 0x4000-0x{_options.HighestChannel:x4}");
            return;
        }

        if (!CheckPeer(reply, allocation, peerAttribute, out var peer))
        {
            return;
        }

        // §12.2: a number bound to another peer, or a peer bound to another number, is a conflict (expired bindings
        // count during their cool-off).
        if ((allocation.Channels.TryGetValue(number, out var bound) && !bound.Peer.Equals(peer))
            || (allocation.ChannelByPeer.TryGetValue(peer, out var other) && other != number))
        {
            Refuse(reply, 400, "Bad Request: the channel or the peer is bound to another");
            return;
        }

        if (!RoomFor(allocation, [peer.Address], now))
        {
            Refuse(reply, 508, "Insufficient Capacity: too many permissions");
            return;
        }

        if (bound is null)
        {
            bound = new TurnChannel(number, peer);
            allocation.Channels.Add(number, bound);
            allocation.ChannelByPeer.Add(peer, number);
        }

        bound.Expires = now + _options.ChannelLifetime;
        Deadline(bound.Expires);
        Permit(allocation, peer.Address, now);
        Succeed(reply);
    }

    /// <summary>A Send indication (RFC 8656 §11.2): relayed when it is well-formed and the peer has a permission; dropped otherwise.</summary>
    private void SendIndication(TimeSpan now, TurnFiveTuple client, StunMessage indication)
    {
        if (Live(client, now) is not { } allocation
            || indication.Attributes.Any(a => a.IsComprehensionRequired && !Understood.Contains(a.Type))
            || indication.Find(StunAttributeType.Data) is not { } data
            || indication.Find(StunAttributeType.XorPeerAddress) is not { } address
            || StunAddress.ReadXor(address.Value.Span, indication.TransactionId.Span) is not { } peer)
        {
            Counters.Dropped++;
            return;
        }

        Relay(now, allocation, Normalize(peer), data.Value.Memory);
    }

    /// <summary>ChannelData from the client (RFC 8656 §12.5): to the bound peer, when the channel is live and the peer permitted.</summary>
    private void FromClientChannelData(TimeSpan now, TurnFiveTuple client, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < ChannelData.HeaderLength || Live(client, now) is not { } allocation)
        {
            Counters.Dropped++;
            return;
        }

        var number = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);

        // Over UDP the datagram may be longer (padding) but never shorter than the Length says (§12.5).
        if (bytes.Length - ChannelData.HeaderLength < length
            || !allocation.Channels.TryGetValue(number, out var channel) || !channel.IsLive(now))
        {
            Counters.Dropped++;
            return;
        }

        Relay(now, allocation, channel.Peer, bytes.Slice(ChannelData.HeaderLength, length).ToArray());
    }

    private void Relay(TimeSpan now, TurnAllocation allocation, IPEndPoint peer, ReadOnlyMemory<byte> data)
    {
        if (!allocation.HasPermission(peer.Address, now))
        {
            Counters.DroppedNoPermission++;
            return;
        }

        Counters.RelayedToPeers++;
        _actions.Add(new TurnSendToPeer(allocation.Relay, peer, data));
    }

    /// <summary>The allocation of the request's 5-tuple, made by the same user; otherwise answers 437 or 441 and returns null.</summary>
    private TurnAllocation? Owned(TimeSpan now, Reply reply, string user)
    {
        if (Live(reply.Client, now) is not { } allocation)
        {
            // §8, §10.2, §12.2: no allocation on this 5-tuple.
            Refuse(reply, 437, "Allocation Mismatch");
            return null;
        }

        if (!string.Equals(allocation.Username, user, StringComparison.Ordinal))
        {
            // §5: requests on an allocation must come from the user who made it.
            Refuse(reply, 441, "Wrong Credentials");
            return null;
        }

        return allocation;
    }

    /// <summary>
    /// Reads an XOR-PEER-ADDRESS and applies the peer policy: malformed → 400; another family than the relay's →
    /// 443 (§10.2, §12.2); a peer we will not relay to → 403 (§21.2.4).
    /// </summary>
    private bool CheckPeer(Reply reply, TurnAllocation allocation, StunAttributeEntry attribute, out IPEndPoint peer)
    {
        peer = null!;
        if (StunAddress.ReadXor(attribute.Value.Span, reply.Request.TransactionId.Span) is not { } read)
        {
            Refuse(reply, 400, "Bad Request: XOR-PEER-ADDRESS");
            return false;
        }

        peer = Normalize(read);
        if (peer.AddressFamily != allocation.Relay.AddressFamily)
        {
            Refuse(reply, 443, "Peer Address Family Mismatch");
            return false;
        }

        if (Forbidden(peer.Address))
        {
            Refuse(reply, 403, "Forbidden");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Peers a relay must not reach: the unspecified address, multicast and broadcast (a relay is unicast), the
    /// server's own addresses (a relay pointed at itself), and loopback (the server host's private services) unless
    /// <see cref="TurnServerOptions.AllowLoopbackPeers"/>.
    /// </summary>
    private bool Forbidden(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return !_options.AllowLoopbackPeers;
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast) || address.IsIPv6Multicast)
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0)
        {
            return true;
        }

        return _options.ServerAddresses.Any(a => Normalize(a).Equals(address));
    }

    /// <summary>
    /// Whether permissions for <paramref name="peers"/> fit under <see cref="TurnServerOptions.MaxPermissionsPerAllocation"/>
    /// (refreshing one held already takes no room); expired ones are cleared first, so a late Poll does not count against the client.
    /// </summary>
    private bool RoomFor(TurnAllocation allocation, IEnumerable<IPAddress> peers, TimeSpan now)
    {
        var added = peers.Distinct().Count(p => !allocation.Permissions.ContainsKey(p));
        if (allocation.Permissions.Count + added <= _options.MaxPermissionsPerAllocation)
        {
            return true;
        }

        foreach (var (peer, expires) in allocation.Permissions.ToList())
        {
            if (now >= expires)
            {
                allocation.Permissions.Remove(peer);
            }
        }

        added = peers.Distinct().Count(p => !allocation.Permissions.ContainsKey(p));
        return allocation.Permissions.Count + added <= _options.MaxPermissionsPerAllocation;
    }

    private void Permit(TurnAllocation allocation, IPAddress peer, TimeSpan now)
    {
        var expires = now + _options.PermissionLifetime;
        allocation.Permissions[peer] = expires;
        Deadline(expires);
    }

    /// <summary>
    /// The lifetime a request asks for (§7.2, §8): absent → the default; 0 → 0 (a Refresh deletes); otherwise the
    /// smaller of it and the maximum, raised to the default when below it. False for a malformed LIFETIME.
    /// </summary>
    private bool TryLifetime(StunMessage request, out TimeSpan lifetime)
    {
        lifetime = _options.DefaultLifetime;
        if (request.Find(StunAttributeType.Lifetime) is not { } attribute)
        {
            return true;
        }

        if (attribute.Value.Length != 4)
        {
            return false;
        }

        var seconds = BinaryPrimitives.ReadUInt32BigEndian(attribute.Value.Span);
        if (seconds == 0)
        {
            lifetime = request.Method == StunMethod.Refresh ? TimeSpan.Zero : _options.DefaultLifetime;
            return true;
        }

        var asked = TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxLifetime.TotalSeconds));
        lifetime = asked > _options.DefaultLifetime ? asked : _options.DefaultLifetime;
        return true;
    }

    /// <summary>The allocation on <paramref name="client"/>, or null; one that has expired is deleted here rather than used.</summary>
    private TurnAllocation? Live(TurnFiveTuple client, TimeSpan now)
    {
        if (!_byClient.TryGetValue(client, out var allocation))
        {
            return null;
        }

        if (now < allocation.Expires)
        {
            return allocation;
        }

        Delete(allocation);
        return null;
    }

    private void Delete(TurnAllocation allocation)
    {
        _byClient.Remove(allocation.Client);
        _byRelay.Remove(allocation.Relay);
        var left = _perUser.GetValueOrDefault(allocation.Username) - 1;
        if (left > 0)
        {
            _perUser[allocation.Username] = left;
        }
        else
        {
            _perUser.Remove(allocation.Username);
        }

        _relays.Close(allocation.Relay);
        Counters.AllocationsDeleted++;
    }

    private void Deadline(TimeSpan at) => NextDeadline = NextDeadline is { } n && n <= at ? n : at;

    /// <summary>401 or 438 with REALM and a fresh NONCE (RFC 8489 §9.2.4), without MESSAGE-INTEGRITY.</summary>
    private void Challenge(TimeSpan now, TurnFiveTuple client, StunMessage request, int code, string reason, bool fingerprint) =>
        Error(client, request, code, reason, default, false, fingerprint,
            new StunAttributeEntry(StunAttributeType.Realm, _realm),
            new StunAttributeEntry(StunAttributeType.Nonce, Bytes.FromUtf8(_nonces.Issue(now))));

    private void Refuse(Reply reply, int code, string reason) => Error(reply.Client, reply.Request, code, reason, reply.Key, reply.Sha256, reply.Fingerprint);

    private void Error(TurnFiveTuple client, StunMessage request, int code, string reason, ReadOnlySpan<byte> key, bool sha256, bool fingerprint, params StunAttributeEntry[] extra)
    {
        if (code is not (401 or 438))
        {
            Counters.Refused++;
        }

        var response = new StunMessage(StunClass.ErrorResponse, request.Method, request.TransactionId)
        {
            Attributes = [new StunAttributeEntry(StunAttributeType.ErrorCode, new StunErrorCode(code, reason).ToValue()), .. extra, new StunAttributeEntry(StunAttributeType.Software, _software)],
        };
        _actions.Add(new TurnSendToClient(client, StunCodec.Encode(response, key, sha256, fingerprint)));
    }

    private ReadOnlyMemory<byte> Succeed(Reply reply, params StunAttributeEntry[] attributes) =>
        Succeed(reply.Client, reply.Request, reply.Key, reply.Sha256, reply.Fingerprint, attributes);

    private ReadOnlyMemory<byte> Succeed(TurnFiveTuple client, StunMessage request, ReadOnlySpan<byte> key, bool sha256, bool fingerprint, params StunAttributeEntry[] attributes)
    {
        Counters.Succeeded++;
        var response = new StunMessage(StunClass.SuccessResponse, request.Method, request.TransactionId)
        {
            Attributes = [.. attributes, new StunAttributeEntry(StunAttributeType.Software, _software)],
        };
        var bytes = StunCodec.Encode(response, key, sha256, fingerprint);
        _actions.Add(new TurnSendToClient(client, bytes));
        return bytes;
    }

    private static StunAttributeEntry Lifetime(TimeSpan lifetime)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, (uint)lifetime.TotalSeconds);
        return new StunAttributeEntry(StunAttributeType.Lifetime, Bytes.Copy(value));
    }

    /// <summary>
    /// ChannelData (RFC 8656 §12.4) for any number up to <see cref="TurnServerOptions.HighestChannel"/>, which may pass
    /// <see cref="ChannelData.LastChannel"/> for RFC 5766 clients; padded to 4 bytes over a stream (§12.5).
    /// </summary>
    private static byte[] WriteChannelData(ushort number, ReadOnlySpan<byte> data, bool pad)
    {
        var bytes = new byte[ChannelData.HeaderLength + (pad ? (data.Length + 3) & ~3 : data.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, number);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)data.Length);
        data.CopyTo(bytes.AsSpan(ChannelData.HeaderLength));
        return bytes;
    }

    /// <summary>IPv4-mapped IPv6 addresses as IPv4, so a dual-stack socket's peers match their permissions.</summary>
    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private Bytes RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return Bytes.Copy(bytes);
    }

    /// <summary>Who a request authenticated as, and how its response is to be signed.</summary>
    private readonly record struct Credentials(string Name, byte[] Key, bool Sha256);

    /// <summary>What every response to one authenticated request needs.</summary>
    private sealed record Reply(TurnFiveTuple Client, StunMessage Request, byte[] Key, bool Sha256, bool Fingerprint);
}
