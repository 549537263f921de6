namespace Peerlink.Simulation;

/// <summary>What the simulator has done so far. Application-level figures (lookups, hops) are the scenario's.</summary>
public sealed class SimulationCounters
{
    private readonly long[] _packets = new long[4];
    private readonly long[] _bytes = new long[4];

    /// <summary>
    /// Events that did something: deliveries (and drops at arrival), engine polls, scenario actions,
    /// churn steps. Stale wake-ups skipped from the queue are not counted.
    /// </summary>
    public long EventsProcessed { get; internal set; }

    /// <summary>Packets engines handed to the network.</summary>
    public long PacketsSent { get; internal set; }

    /// <summary>Bytes engines handed to the network.</summary>
    public long BytesSent { get; internal set; }

    /// <summary>Sent packets whose fate is not known yet.</summary>
    public long PacketsInFlight => PacketsSent - _packets.Sum();

    /// <summary>Node starts (first joins and rejoins).</summary>
    public long Joins { get; internal set; }

    /// <summary>Graceful leaves.</summary>
    public long Leaves { get; internal set; }

    /// <summary>Crashes.</summary>
    public long Crashes { get; internal set; }

    /// <summary>Packets that met <paramref name="fate"/>.</summary>
    public long Packets(PacketFate fate) => _packets[(int)fate];

    /// <summary>Bytes of the packets that met <paramref name="fate"/>.</summary>
    public long Bytes(PacketFate fate) => _bytes[(int)fate];

    internal void Count(PacketFate fate, int bytes)
    {
        _packets[(int)fate]++;
        _bytes[(int)fate] += bytes;
    }
}
