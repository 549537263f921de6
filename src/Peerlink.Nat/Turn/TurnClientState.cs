namespace Peerlink.Nat.Turn;

/// <summary>Where a <see cref="TurnClient"/>'s one allocation stands.</summary>
public enum TurnClientState
{
    /// <summary>Nothing asked yet: call <see cref="TurnClient.Allocate"/>.</summary>
    Idle,

    /// <summary>The Allocate request (and perhaps its authenticated retry) is outstanding.</summary>
    Allocating,

    /// <summary>The server holds an allocation: <see cref="TurnClient.RelayedAddress"/> is known and is refreshed.</summary>
    Allocated,

    /// <summary>A Refresh with LIFETIME 0 is outstanding (RFC 8656 §8).</summary>
    Releasing,

    /// <summary>The allocation was deleted (or never made, when released early).</summary>
    Released,

    /// <summary>The allocation failed or was lost: <see cref="TurnClient.FailureCode"/> and <see cref="TurnClient.FailureReason"/> say why.</summary>
    Failed,
}
