using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Ice;

/// <summary>
/// A full ICE agent (RFC 8445) for one data stream with one component, sans-IO. The host gathers
/// candidates (host sockets, server reflexive and relayed ones from its STUN and TURN clients) and hands
/// them in with their bases; it hands in every datagram that arrives on a base with
/// <see cref="Receive"/>, calls <see cref="Poll"/> at <see cref="NextDeadline"/>, sends what
/// <see cref="TakeDatagrams"/> returns and reads <see cref="TakeEvents"/>. The agent reads no clock: time is
/// the <c>now</c> it is handed. Remote candidates may arrive at any time (trickle).
/// </summary>
/// <remarks>
/// Departures from the RFC, kept simple on purpose: one component; controlling, it nominates regularly only
/// (§8.1.1; controlled, it also accepts a peer's aggressive nomination, as aioice does); failure
/// is declared as soon as every pair failed, without RFC 8863's wait for late candidates; the
/// valid list is a flag on the checked pair with the mapped local candidate beside it (§7.2.5.3.2), since
/// both send from the same base; peer reflexive local candidates are recorded but not paired (a pair with
/// one would repeat its base's pair, §6.1.2.4).
/// </remarks>
public sealed partial class IceAgent
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly IceAgentOptions _options;
    private readonly Random _random;
    private readonly List<IceLocalCandidate> _locals = [];
    private readonly List<IceCandidate> _remotes = [];
    private readonly List<IceCandidatePair> _pairs = [];
    private readonly LinkedList<IceCandidatePair> _triggered = new();
    private readonly Dictionary<Bytes, Check> _checks = [];
    private readonly List<IceDatagram> _datagrams = [];
    private readonly List<IceEvent> _events = [];
    private TimeSpan? _lastCheckAt;
    private TimeSpan? _firstValidAt;
    private TimeSpan _lastSentOnSelected;
    private IceCandidatePair? _nominating;

    /// <summary>
    /// Creates an agent in <paramref name="role"/>. Its 64-bit tiebreaker (§7.1.1), username fragment (8
    /// ice-chars: 48 random bits, §5.3 asks at least 24; RFC 8839 §5.4 at least 4 characters) and password
    /// (24 ice-chars: 144 bits, at least 128 and 22 characters) come from <paramref name="random"/>.
    /// </summary>
    public IceAgent(IceRole role, Random random, IceAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        _options = options ?? new IceAgentOptions();
        _options.Validate();
        _random = random;
        Role = role;
        Span<byte> tiebreaker = stackalloc byte[8];
        random.NextBytes(tiebreaker);
        Tiebreaker = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(tiebreaker);
        LocalUfrag = RandomIceString(8);
        LocalPassword = RandomIceString(24);
    }

    /// <summary>Controlling or controlled; a role conflict may switch it (§7.3.1.1).</summary>
    public IceRole Role { get; private set; }

    /// <summary>The tiebreaker sent in ICE-CONTROLLING or ICE-CONTROLLED (§7.1.1).</summary>
    public ulong Tiebreaker { get; }

    /// <summary>The local username fragment (ice-ufrag).</summary>
    public string LocalUfrag { get; }

    /// <summary>The local password (ice-pwd): the peer signs its checks with it.</summary>
    public string LocalPassword { get; }

    /// <summary>The peer's username fragment, once known.</summary>
    public string? RemoteUfrag { get; private set; }

    /// <summary>The peer's password, once known: checks are signed with it.</summary>
    public string? RemotePassword { get; private set; }

    /// <summary>Running, completed (a pair is selected) or failed.</summary>
    public IceAgentState State { get; private set; }

    /// <summary>The nominated pair data goes over, or null.</summary>
    public IceCandidatePair? Selected { get; private set; }

    /// <summary>The checklist, highest priority first.</summary>
    public IReadOnlyList<IceCandidatePair> Checklist => _pairs;

    /// <summary>The local candidates, with peer reflexive ones learned from checks (§7.2.5.3.1).</summary>
    public IReadOnlyList<IceLocalCandidate> LocalCandidates => _locals;

    /// <summary>The remote candidates, with peer reflexive ones learned from checks (§7.3.1.3).</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates => _remotes;

    /// <summary>Datagrams dropped: not well-framed STUN, unmatched responses, bad fingerprints or integrity.</summary>
    public int Dropped { get; private set; }

    /// <summary>
    /// Adds a local candidate (RFC 8445 §5.1). A host or relayed candidate is its own base; a server
    /// reflexive one needs <paramref name="baseEndPoint"/>, or its related address is taken as the base. A
    /// candidate already known, or not UDP, is ignored.
    /// </summary>
    /// <exception cref="ArgumentException">A server reflexive candidate with no base.</exception>
    public void AddLocalCandidate(IceCandidate candidate, IPEndPoint? baseEndPoint = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var @base = baseEndPoint
            ?? (candidate.Type is IceCandidateType.Host or IceCandidateType.Relayed ? candidate.EndPoint : candidate.RelatedEndPoint)
            ?? throw new ArgumentException("a reflexive candidate needs its base", nameof(baseEndPoint));
        if (!IsUdp(candidate) || _locals.Exists(l => l.Candidate.EndPoint.Equals(candidate.EndPoint) && l.Base.Equals(@base)))
        {
            return;
        }

        _locals.Add(new IceLocalCandidate(candidate, @base));
        Reform();
    }

    /// <summary>Sets the peer's ice-ufrag and ice-pwd; checks wait for them.</summary>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(ufrag);
        ArgumentException.ThrowIfNullOrEmpty(password);
        RemoteUfrag = ufrag;
        RemotePassword = password;
    }

    /// <summary>
    /// Adds a remote candidate, at the start or later (trickle): it is paired with the local candidates and
    /// the new pairs join the checklist. A candidate already known, or not UDP, is ignored.
    /// </summary>
    public void AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!IsUdp(candidate) || _remotes.Exists(r => r.EndPoint.Equals(candidate.EndPoint) && r.Component == candidate.Component))
        {
            return;
        }

        _remotes.Add(candidate);
        Reform();
        UpdateState();
    }

    /// <summary>
    /// Sends application data on the selected pair; false when no pair is selected yet.
    /// </summary>
    public bool Send(TimeSpan now, ReadOnlySpan<byte> data)
    {
        if (Selected is not { } pair)
        {
            return false;
        }

        _datagrams.Add(new IceDatagram(pair.LocalBase, pair.Remote.EndPoint, Bytes.Copy(data)));
        _lastSentOnSelected = now;
        return true;
    }

    /// <summary>The datagrams to send since the last call.</summary>
    public IReadOnlyList<IceDatagram> TakeDatagrams()
    {
        var taken = _datagrams.ToArray();
        _datagrams.Clear();
        return taken;
    }

    /// <summary>The events since the last call.</summary>
    public IReadOnlyList<IceEvent> TakeEvents()
    {
        var taken = _events.ToArray();
        _events.Clear();
        return taken;
    }

    /// <summary>
    /// Handles a datagram that arrived on <paramref name="localBase"/> from <paramref name="from"/>. STUN
    /// (top two bits zero and the magic cookie, RFC 8489 §5) is the agent's; anything else is the
    /// application's and comes back as <see cref="IceDataReceived"/>.
    /// </summary>
    public void Receive(TimeSpan now, IPEndPoint localBase, IPEndPoint from, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(localBase);
        ArgumentNullException.ThrowIfNull(from);
        if (!LooksLikeStun(datagram))
        {
            _events.Add(new IceDataReceived(localBase, from, Bytes.Copy(datagram)));
            return;
        }

        if (!Stun.StunCodec.TryDecode(datagram, out var message, out _) || message.Method != Stun.StunMessage.Binding
            || (message.Find(Stun.StunAttributeType.Fingerprint) is not null && !Stun.StunCodec.CheckFingerprint(datagram)))
        {
            Dropped++;
            return;
        }

        switch (message.Class)
        {
            case Stun.StunClass.Request:
                AnswerCheck(now, localBase, from, datagram, message);
                break;
            case Stun.StunClass.SuccessResponse or Stun.StunClass.ErrorResponse:
                HandleResponse(now, localBase, from, datagram, message);
                break;
            default:
                // Binding indications are keepalives (§11): nothing to do.
                break;
        }

        UpdateState();
    }

    /// <summary>When <see cref="Poll"/> should next run, or null when the agent waits only for datagrams.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            foreach (var check in _checks.Values)
            {
                next = Min(next, check.NextAt);
            }

            if (HasCheckToSend())
            {
                next = Min(next, _lastCheckAt is { } last ? last + _options.Ta : TimeSpan.Zero);
            }

            if (NominationDue() is { } nominate)
            {
                next = Min(next, nominate);
            }

            if (Selected is not null)
            {
                next = Min(next, _lastSentOnSelected + _options.KeepaliveInterval);
            }

            return next;
        }
    }

    /// <summary>Runs what is due at <paramref name="now"/>: retransmissions and timeouts, the next check, nomination, keepalives.</summary>
    public void Poll(TimeSpan now)
    {
        Retransmit(now);
        if (NominationDue() is { } due && now >= due)
        {
            Nominate();
        }

        if (HasCheckToSend() && (_lastCheckAt is not { } last || now >= last + _options.Ta) && PickNext() is { } pair)
        {
            SendCheck(now, pair);
        }

        if (Selected is { } selected && now >= _lastSentOnSelected + _options.KeepaliveInterval)
        {
            // §11: a Binding indication, with FINGERPRINT and no integrity, keeps the NAT bindings open.
            var indication = new Stun.StunMessage(Stun.StunClass.Indication, Stun.StunMessage.Binding, NewTransactionId());
            _datagrams.Add(new IceDatagram(selected.LocalBase, selected.Remote.EndPoint, Bytes.Copy(Stun.StunCodec.Encode(indication, fingerprint: true))));
            _lastSentOnSelected = now;
        }

        UpdateState();
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is { } x && x < b ? x : b;

    private static bool IsUdp(IceCandidate c) => c.Transport.Equals(IceCandidate.Udp, StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= Stun.StunCodec.HeaderLength && (datagram[0] & 0xC0) == 0
        && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == Stun.StunCodec.MagicCookie;

    private string RandomIceString(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = IceChars[_random.Next(IceChars.Length)];
        }

        return new string(chars);
    }

    private Bytes NewTransactionId()
    {
        var id = new byte[12];
        _random.NextBytes(id);
        return Bytes.Copy(id);
    }

    private void SetState(IceCandidatePair pair, IceCandidatePairState state)
    {
        if (pair.State != state)
        {
            pair.State = state;
            _events.Add(new IcePairStateChanged(pair, state));
        }
    }

    private void Select(TimeSpan now, IceCandidatePair pair)
    {
        pair.IsNominated = true;
        if (Selected is null)
        {
            Selected = pair;
            _lastSentOnSelected = now;
            _triggered.Clear();
            _events.Add(new IcePairSelected(pair));
        }
    }

    /// <summary>Completed once a pair is selected; failed when every pair failed and none is valid (§8.1.2).</summary>
    private void UpdateState()
    {
        var state = Selected is not null ? IceAgentState.Completed
            : _pairs.Count > 0 && _triggered.Count == 0 && _pairs.TrueForAll(p => p.State == IceCandidatePairState.Failed) ? IceAgentState.Failed
            : IceAgentState.Running;
        if (state != State)
        {
            State = state;
            if (state == IceAgentState.Failed)
            {
                _events.Add(new IceFailed());
            }
        }
    }

    /// <summary>
    /// Pairs the candidates again after one was added (§6.1.2.2-§6.1.2.5) and merges the new pairs into the
    /// checklist: known pairs keep their state, new ones get the initial states (§6.1.2.6), Frozen when a
    /// pair with their foundation is already waiting or in progress.
    /// </summary>
    private void Reform()
    {
        var formed = IceChecklist.Form(
            _locals.Where(l => l.Candidate.Type != IceCandidateType.PeerReflexive),
            _remotes.Where(r => r.Type != IceCandidateType.PeerReflexive),
            Role,
            _options.PairLimit);
        var added = formed.Where(p => FindPair(p.LocalBase, p.Remote.EndPoint) is null).ToList();
        if (added.Count == 0)
        {
            return;
        }

        IceChecklist.SetInitialStates(added);
        var busy = _pairs.Where(p => p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress).Select(p => p.Foundation).ToHashSet(StringComparer.Ordinal);
        foreach (var p in added)
        {
            if (busy.Contains(p.Foundation))
            {
                p.State = IceCandidatePairState.Frozen;
            }

            _pairs.Add(p);
            _events.Add(new IcePairStateChanged(p, p.State));
        }

        SortAndTrim();
    }

    private void SortAndTrim()
    {
        _pairs.Sort((a, b) => b.Priority.CompareTo(a.Priority));

        // §6.1.2.5: over the limit, the lowest-priority pairs that are not being checked go.
        for (var i = _pairs.Count - 1; i >= 0 && _pairs.Count > _options.PairLimit; i--)
        {
            if (_pairs[i].State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting && !_triggered.Contains(_pairs[i]))
            {
                _pairs.RemoveAt(i);
            }
        }
    }

    private IceCandidatePair? FindPair(IPEndPoint localBase, IPEndPoint remote) =>
        _pairs.Find(p => p.LocalBase.Equals(localBase) && p.Remote.EndPoint.Equals(remote));

    private void SwitchRole(IceRole role)
    {
        Role = role;
        foreach (var p in _pairs)
        {
            p.Recompute(role);
        }

        SortAndTrim();
        _events.Add(new IceRoleChanged(role));
    }
}
