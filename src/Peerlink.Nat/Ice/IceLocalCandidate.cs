using System.Net;

namespace Peerlink.Nat.Ice;

/// <summary>
/// A local candidate and its base (RFC 8445 §5.1.1): the transport address checks are sent from. A host
/// or relayed candidate is its own base; a server reflexive one's base is the host candidate it was learned
/// through.
/// </summary>
/// <param name="Candidate">What the peer is told.</param>
/// <param name="Base">Where datagrams for it leave and arrive.</param>
public sealed record IceLocalCandidate(IceCandidate Candidate, IPEndPoint Base);
