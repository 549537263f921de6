using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Ice;

/// <summary>Something the agent tells its application.</summary>
public abstract record IceEvent;

/// <summary>A pair of the checklist changed state (RFC 8445 §6.1.2.6).</summary>
/// <param name="Pair">The pair.</param>
/// <param name="State">Its new state.</param>
public sealed record IcePairStateChanged(IceCandidatePair Pair, IceCandidatePairState State) : IceEvent;

/// <summary>A pair was nominated and is now the one data goes over (§8.1.1, §8.2).</summary>
/// <param name="Pair">The selected pair.</param>
public sealed record IcePairSelected(IceCandidatePair Pair) : IceEvent;

/// <summary>Every pair failed (§8.1.2); a later remote candidate may start checks again.</summary>
public sealed record IceFailed : IceEvent;

/// <summary>A role conflict switched the agent's role (§7.2.5.1, §7.3.1.1).</summary>
/// <param name="Role">The new role.</param>
public sealed record IceRoleChanged(IceRole Role) : IceEvent;

/// <summary>A datagram that is not STUN arrived: the application's data.</summary>
/// <param name="LocalBase">The local base it arrived on.</param>
/// <param name="From">Its source.</param>
/// <param name="Data">The bytes.</param>
public sealed record IceDataReceived(IPEndPoint LocalBase, IPEndPoint From, Bytes Data) : IceEvent;
