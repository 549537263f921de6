namespace Peerlink.Nat.Stun;

/// <summary>What a <see cref="StunServer"/> answered and dropped.</summary>
public sealed class StunServerCounters
{
    /// <summary>Binding requests answered with the source's address.</summary>
    public long Answered { get; internal set; }

    /// <summary>Requests refused with 420 for comprehension-required attributes we do not know (§6.3.1).</summary>
    public long UnknownAttributes { get; internal set; }

    /// <summary>Datagrams dropped: not STUN, a FINGERPRINT that does not match, not a request, or a method we do not serve.</summary>
    public long Dropped { get; internal set; }

    /// <summary>Requests answered from another IP or port because they asked to be (RFC 5780 CHANGE-REQUEST).</summary>
    public long ChangeRequests { get; internal set; }

    /// <summary>Requests refused with 400 (a malformed attribute we understand).</summary>
    public long BadRequests { get; internal set; }
}
