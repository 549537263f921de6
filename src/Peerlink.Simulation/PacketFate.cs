namespace Peerlink.Simulation;

/// <summary>What became of a packet an engine sent.</summary>
public enum PacketFate
{
    /// <summary>It reached the destination's engine.</summary>
    Delivered,

    /// <summary>Random loss (datagram nodes only; <see cref="SimulationOptions.Loss"/>).</summary>
    Lost,

    /// <summary>Sender and destination were on different sides of a partition when it was sent or when it arrived.</summary>
    Partitioned,

    /// <summary>No node at the destination address, or the node was down (or, for a reliable stream, had restarted).</summary>
    Unreachable,
}
