namespace Peerlink.Overlay;

/// <summary>What an observation changed, so the engine can react (a new predecessor means keys to hand over).</summary>
[Flags]
public enum TableChange
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The successor list.</summary>
    Successors = 1,

    /// <summary>The predecessor.</summary>
    Predecessor = 2,

    /// <summary>Long-range routing entries (Chord fingers, Kademlia buckets, Pastry rows).</summary>
    Fingers = 4,
}
