namespace Peerlink.Simulation;

/// <summary>A node came up, left or crashed (by the scenario's hand or through churn).</summary>
public enum NodeChange
{
    /// <summary>The node started: its first join or a rejoin.</summary>
    Joined,

    /// <summary>The node left gracefully (the scenario spoke to its engine first).</summary>
    Left,

    /// <summary>The node vanished without a word.</summary>
    Crashed,
}
