using System.Buffers.Binary;
using System.Net;
using System.Text;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Ice;

// Answering the peer's connectivity checks (RFC 8445 §7.3).
public sealed partial class IceAgent
{
    /// <summary>
    /// A Binding request from the peer (§7.3.1): authenticated with the local password (RFC 8489 §9.1.3:
    /// 400 without USERNAME or MESSAGE-INTEGRITY, 401 for a wrong username or integrity, neither learned
    /// from), role conflicts settled (§7.3.1.1), answered with XOR-MAPPED-ADDRESS (§7.3.1.2), the source
    /// learned as a peer reflexive candidate (§7.3.1.3), a triggered check queued (§7.3.1.4) and
    /// USE-CANDIDATE honoured (§7.3.1.5).
    /// </summary>
    private void AnswerCheck(TimeSpan now, IPEndPoint localBase, IPEndPoint from, ReadOnlySpan<byte> datagram, StunMessage request)
    {
        // §7.3.1.4: the local candidate is the one whose transport address is where the request arrived.
        if (_locals.Find(l => l.Candidate.EndPoint.Equals(localBase) && l.Base.Equals(localBase)) is not { } local)
        {
            Dropped++;
            return;
        }

        var username = request.Find(StunAttributeType.Username);
        var priorityAttribute = request.Find(StunAttributeType.Priority);
        if (username is null || request.Find(StunAttributeType.MessageIntegrity) is null || priorityAttribute is not { Value.Length: 4 })
        {
            Reply(localBase, from, Error(request, 400, "Bad Request"), integrity: false);
            return;
        }

        var name = Encoding.UTF8.GetString(username.Value.Span);
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !name.AsSpan(0, colon).SequenceEqual(LocalUfrag) || !StunCodec.CheckIntegrity(datagram, Encoding.UTF8.GetBytes(LocalPassword)))
        {
            Reply(localBase, from, Error(request, 401, "Unauthenticated"), integrity: false);
            return;
        }

        if (!SettleRoleConflict(request))
        {
            Reply(localBase, from, Error(request, 487, "Role Conflict"), integrity: true);
            return;
        }

        var success = new StunMessage(StunClass.SuccessResponse, StunMessage.Binding, request.TransactionId)
        {
            Attributes = [new StunAttributeEntry(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(from, request.TransactionId.Span))],
        };
        Reply(localBase, from, success, integrity: true);

        var remote = LearnRemote(from, local.Candidate.Component, BinaryPrimitives.ReadUInt32BigEndian(priorityAttribute.Value.Span));
        var pair = Trigger(local, remote);
        if (Role == IceRole.Controlled && request.Find(StunAttributeType.UseCandidate) is not null)
        {
            // §7.3.1.5: nominated now if the pair already succeeded, else when its triggered check does.
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                Select(now, pair);
            }
            else
            {
                pair.NominateOnSuccess = true;
            }
        }
    }

    /// <summary>
    /// §7.3.1.1: both controlling, the larger tiebreaker stays controlling; both controlled, the larger
    /// becomes controlling. False when this agent keeps its role and the peer must switch (487).
    /// </summary>
    private bool SettleRoleConflict(StunMessage request)
    {
        var theirs = Role == IceRole.Controlling ? request.Find(StunAttributeType.IceControlling) : request.Find(StunAttributeType.IceControlled);
        if (theirs is not { Value.Length: 8 })
        {
            return true;
        }

        var tiebreaker = BinaryPrimitives.ReadUInt64BigEndian(theirs.Value.Span);
        if (Role == IceRole.Controlling)
        {
            if (Tiebreaker >= tiebreaker)
            {
                return false;
            }

            SwitchRole(IceRole.Controlled);
            return true;
        }

        if (Tiebreaker >= tiebreaker)
        {
            SwitchRole(IceRole.Controlling);
            return true;
        }

        return false;
    }

    /// <summary>§7.3.1.3: a source that is no remote candidate becomes a peer reflexive one with the request's PRIORITY.</summary>
    private IceCandidate LearnRemote(IPEndPoint from, int component, uint priority)
    {
        if (_remotes.Find(r => r.EndPoint.Equals(from) && r.Component == component) is { } known)
        {
            return known;
        }

        var prflx = new IceCandidate(
            IceCandidate.ComputeFoundation(IceCandidateType.PeerReflexive, from.Address, null), component, IceCandidate.Udp,
            priority, from.Address, from.Port, IceCandidateType.PeerReflexive);
        _remotes.Add(prflx);
        return prflx;
    }

    /// <summary>
    /// §7.3.1.4: the pair (local, remote) gets a triggered check, unless it already succeeded; a check in
    /// progress on it is cancelled (no more retransmissions, no failure on silence) and sent again.
    /// </summary>
    private IceCandidatePair Trigger(IceLocalCandidate local, IceCandidate remote)
    {
        if (FindPair(local.Base, remote.EndPoint) is not { } pair)
        {
            pair = new IceCandidatePair(local.Candidate, local.Base, remote, Role);
            _pairs.Add(pair);
            SortAndTrim();
            _events.Add(new IcePairStateChanged(pair, pair.State));
        }

        if (pair.State == IceCandidatePairState.Succeeded || Selected is not null)
        {
            return pair;
        }

        if (pair.State == IceCandidatePairState.InProgress)
        {
            foreach (var check in _checks.Values.Where(c => c.Pair == pair))
            {
                check.Cancelled = true;
            }
        }

        SetState(pair, IceCandidatePairState.Waiting);
        Enqueue(pair);
        return pair;
    }

    private static StunMessage Error(StunMessage request, int code, string reason) =>
        new(StunClass.ErrorResponse, StunMessage.Binding, request.TransactionId)
        {
            Attributes = [new StunAttributeEntry(StunAttributeType.ErrorCode, new StunErrorCode(code, reason).ToValue())],
        };

    private void Reply(IPEndPoint localBase, IPEndPoint to, StunMessage response, bool integrity)
    {
        var key = integrity ? Encoding.UTF8.GetBytes(LocalPassword) : [];
        _datagrams.Add(new IceDatagram(localBase, to, Bytes.Copy(StunCodec.Encode(response, key, fingerprint: true))));
    }
}
