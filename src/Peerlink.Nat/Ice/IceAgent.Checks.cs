using System.Buffers.Binary;
using System.Net;
using System.Text;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Ice;

// Sending connectivity checks and handling their responses (RFC 8445 §6.1.4, §7.2, §8.1.1, §14).
public sealed partial class IceAgent
{
    /// <summary>
    /// Whether a new check may go out now or after Ta: remote credentials are known, no pair is selected,
    /// and a triggered check is queued or a pair is Waiting or may be unfrozen (§6.1.4.2).
    /// </summary>
    private bool HasCheckToSend() =>
        RemotePassword is not null && Selected is null
        && (_triggered.Count > 0 || _pairs.Exists(p => p.State == IceCandidatePairState.Waiting) || UnfreezableFoundations().Count > 0);

    /// <summary>§6.1.4.2: with no pair Waiting, foundations of Frozen pairs with no pair Waiting or In-Progress.</summary>
    private HashSet<string> UnfreezableFoundations()
    {
        var busy = _pairs.Where(p => p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress).Select(p => p.Foundation).ToHashSet(StringComparer.Ordinal);
        return _pairs.Where(p => p.State == IceCandidatePairState.Frozen && !busy.Contains(p.Foundation)).Select(p => p.Foundation).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The pair to check next (§6.1.4.2): the head of the triggered-check queue; else the highest-priority
    /// Waiting pair; else, after unfreezing one Frozen pair per free foundation, the highest-priority Waiting one.
    /// </summary>
    private IceCandidatePair? PickNext()
    {
        while (_triggered.First?.Value is { } first)
        {
            _triggered.RemoveFirst();
            if (first.State == IceCandidatePairState.Waiting || first.Nominating)
            {
                return first;
            }
        }

        if (_pairs.Find(p => p.State == IceCandidatePairState.Waiting) is { } waiting)
        {
            return waiting;
        }

        var free = UnfreezableFoundations();
        foreach (var p in _pairs)
        {
            if (p.State == IceCandidatePairState.Frozen && free.Remove(p.Foundation))
            {
                SetState(p, IceCandidatePairState.Waiting);
            }
        }

        return _pairs.Find(p => p.State == IceCandidatePairState.Waiting);
    }

    /// <summary>
    /// Sends a check on <paramref name="pair"/> (§7.2.2): a Binding request with USERNAME
    /// "remote:local" (§7.2.2), PRIORITY of a peer reflexive candidate from this base (§7.1.1),
    /// ICE-CONTROLLING or ICE-CONTROLLED with the tiebreaker (§7.1.3), USE-CANDIDATE when nominating
    /// (§8.1.1), MESSAGE-INTEGRITY with the remote password and FINGERPRINT (§7.1.2).
    /// </summary>
    private void SendCheck(TimeSpan now, IceCandidatePair pair)
    {
        var id = NewTransactionId();
        var priority = IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, pair.Local.LocalPreference, pair.Local.Component);
        var priorityValue = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(priorityValue, priority);
        var tiebreaker = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(tiebreaker, Tiebreaker);
        var controlling = Role == IceRole.Controlling;
        var attributes = new List<StunAttributeEntry>
        {
            new(StunAttributeType.Username, Bytes.FromUtf8($"{RemoteUfrag}:{LocalUfrag}")),
            new(StunAttributeType.Priority, Bytes.Copy(priorityValue)),
            new(controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, Bytes.Copy(tiebreaker)),
        };
        var useCandidate = controlling && pair.Nominating;
        if (useCandidate)
        {
            attributes.Add(new StunAttributeEntry(StunAttributeType.UseCandidate, Bytes.Empty));
        }

        var request = new StunMessage(StunClass.Request, StunMessage.Binding, id) { Attributes = [.. attributes] };
        var bytes = StunCodec.Encode(request, Encoding.UTF8.GetBytes(RemotePassword!), fingerprint: true);
        _checks[id] = new Check(pair, bytes, priority, controlling, useCandidate, now + _options.InitialRto, _options.InitialRto);
        _datagrams.Add(new IceDatagram(pair.LocalBase, pair.Remote.EndPoint, Bytes.Copy(bytes)));
        _lastCheckAt = now;
        if (pair.State != IceCandidatePairState.Succeeded)
        {
            SetState(pair, IceCandidatePairState.InProgress);
        }
    }

    /// <summary>
    /// §14.3: a check is retransmitted after RTO, RTO doubling each time; one RTO after the last
    /// retransmission it fails the pair, unless a triggered check cancelled it (§7.3.1.4).
    /// </summary>
    private void Retransmit(TimeSpan now)
    {
        foreach (var (id, check) in _checks.Where(c => now >= c.Value.NextAt).ToList())
        {
            if (check.Cancelled || check.Retransmits >= _options.MaxRetransmits)
            {
                _checks.Remove(id);
                if (!check.Cancelled)
                {
                    CheckFailed(check.Pair);
                }

                continue;
            }

            check.Retransmits++;
            check.Rto *= 2;
            check.NextAt = now + check.Rto;
            _datagrams.Add(new IceDatagram(check.Pair.LocalBase, check.Pair.Remote.EndPoint, Bytes.Copy(check.Request)));
        }
    }

    private void CheckFailed(IceCandidatePair pair)
    {
        if (pair == _nominating)
        {
            _nominating = null;
            pair.Nominating = false;
        }

        SetState(pair, IceCandidatePairState.Failed);
    }

    /// <summary>
    /// Controlling, nothing nominated yet, a valid pair: the time to nominate (§8.1.1) - now when no pair
    /// of higher priority than the best valid one may still succeed, else <see cref="IceAgentOptions.NominationDelay"/>
    /// after the first valid pair.
    /// </summary>
    private TimeSpan? NominationDue()
    {
        if (Role != IceRole.Controlling || Selected is not null || _nominating is not null || _firstValidAt is not { } first
            || BestValid() is not { } best)
        {
            return null;
        }

        var better = _pairs.Exists(p => p.Priority > best.Priority
            && p.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress);
        return better ? first + _options.NominationDelay : TimeSpan.Zero;
    }

    private IceCandidatePair? BestValid() =>
        _pairs.Find(p => p.IsValid && p.State == IceCandidatePairState.Succeeded);

    /// <summary>§8.1.1: the controlling agent checks the best valid pair again, with USE-CANDIDATE, ahead of everything else.</summary>
    private void Nominate()
    {
        if (BestValid() is not { } best)
        {
            return;
        }

        _nominating = best;
        best.Nominating = true;
        _triggered.AddFirst(best);
    }

    /// <summary>
    /// A response to one of our checks (§7.2.5). The success must carry MESSAGE-INTEGRITY with the remote
    /// password; an error response that carries one must match too.
    /// </summary>
    private void HandleResponse(TimeSpan now, IPEndPoint localBase, IPEndPoint from, ReadOnlySpan<byte> datagram, StunMessage response)
    {
        var key = Encoding.UTF8.GetBytes(RemotePassword ?? string.Empty);
        var signed = response.Find(StunAttributeType.MessageIntegrity) is not null;
        if (!_checks.TryGetValue(response.TransactionId, out var check)
            || ((response.Class == StunClass.SuccessResponse || signed) && !StunCodec.CheckIntegrity(datagram, key)))
        {
            Dropped++;
            return;
        }

        _checks.Remove(response.TransactionId);
        var pair = check.Pair;
        if (response.Class == StunClass.ErrorResponse)
        {
            var error = response.Find(StunAttributeType.ErrorCode) is { } e ? StunErrorCode.FromValue(e.Value.Span) : null;
            if (error?.Code == 487)
            {
                // §7.2.5.1: switch to the role opposite to the one the request claimed, and check the pair again.
                var role = check.SentControlling ? IceRole.Controlled : IceRole.Controlling;
                if (role != Role)
                {
                    SwitchRole(role);
                }

                SetState(pair, IceCandidatePairState.Waiting);
                Enqueue(pair);
                return;
            }

            CheckFailed(pair);
            return;
        }

        // §7.2.5.2.1: the response must come from where the request went, to where it came from.
        var mapped = response.Find(StunAttributeType.XorMappedAddress) is { } x ? StunAddress.ReadXor(x.Value.Span, response.TransactionId.Span) : null;
        if (!from.Equals(pair.Remote.EndPoint) || !localBase.Equals(pair.LocalBase) || mapped is null)
        {
            CheckFailed(pair);
            return;
        }

        pair.Mapped = LocalForMapped(mapped, pair, check.Priority);
        _firstValidAt ??= now;
        SetState(pair, IceCandidatePairState.Succeeded);

        // §7.2.5.3.3: a success unfreezes the pairs that share its foundation.
        foreach (var p in _pairs.Where(p => p.State == IceCandidatePairState.Frozen && p.Foundation == pair.Foundation).ToList())
        {
            SetState(p, IceCandidatePairState.Waiting);
        }

        if (check.UseCandidate || (Role == IceRole.Controlled && pair.NominateOnSuccess))
        {
            // §8.1.1: the nomination is done when the check with USE-CANDIDATE succeeds; §7.3.1.5 for the controlled side.
            Select(now, pair);
        }
    }

    /// <summary>
    /// §7.2.5.3.1: the local candidate the mapped address names, or a new peer reflexive candidate with
    /// the PRIORITY the check carried and the pair's base.
    /// </summary>
    private IceCandidate LocalForMapped(IPEndPoint mapped, IceCandidatePair pair, uint priority)
    {
        if (_locals.Find(l => l.Candidate.EndPoint.Equals(mapped)) is { } known)
        {
            return known.Candidate;
        }

        var prflx = new IceCandidate(
            IceCandidate.ComputeFoundation(IceCandidateType.PeerReflexive, pair.LocalBase.Address, null), pair.Local.Component, IceCandidate.Udp,
            priority, mapped.Address, mapped.Port, IceCandidateType.PeerReflexive, pair.LocalBase.Address, pair.LocalBase.Port);
        _locals.Add(new IceLocalCandidate(prflx, pair.LocalBase));
        return prflx;
    }

    private void Enqueue(IceCandidatePair pair)
    {
        if (!_triggered.Contains(pair))
        {
            _triggered.AddLast(pair);
        }
    }

    /// <summary>A check in flight: the request's bytes for retransmission (§14.3) and what it claimed.</summary>
    private sealed class Check(IceCandidatePair pair, byte[] request, uint priority, bool sentControlling, bool useCandidate, TimeSpan nextAt, TimeSpan rto)
    {
        public IceCandidatePair Pair { get; } = pair;

        public byte[] Request { get; } = request;

        public uint Priority { get; } = priority;

        public bool SentControlling { get; } = sentControlling;

        public bool UseCandidate { get; } = useCandidate;

        public TimeSpan NextAt { get; set; } = nextAt;

        public TimeSpan Rto { get; set; } = rto;

        public int Retransmits { get; set; }

        public bool Cancelled { get; set; }
    }
}
