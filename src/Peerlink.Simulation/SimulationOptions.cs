namespace Peerlink.Simulation;

/// <summary>
/// How a simulation runs: its seed and its virtual network. Validated as it is built; a run is a
/// function of these options and the scenario.
/// </summary>
public sealed record SimulationOptions
{
    private readonly LatencyModel _latency = LatencyModel.Constant(TimeSpan.FromMilliseconds(50));
    private readonly double _loss;
    private readonly TimeSpan _jitter;
    private readonly ushort _port = 7080;

    /// <summary>Everything random in the run (network, churn, each node's seed) derives from it.</summary>
    public int Seed { get; init; }

    /// <summary>One-way delays; constant 50 ms unless set.</summary>
    public LatencyModel Latency
    {
        get => _latency;
        init => _latency = value ?? throw new ArgumentNullException(nameof(Latency));
    }

    /// <summary>
    /// The probability that a datagram is lost, independently per packet, 0 to 1. Reliable (stream)
    /// nodes lose nothing: TCP retransmits below the engine.
    /// </summary>
    public double Loss
    {
        get => _loss;
        init => _loss = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Loss), value, "a probability is between 0 and 1");
    }

    /// <summary>
    /// Extra delay drawn uniformly from [0, Jitter) per packet, on top of the latency model, so that
    /// datagrams between one pair can overtake each other. Reliable streams stay in order regardless.
    /// </summary>
    public TimeSpan Jitter
    {
        get => _jitter;
        init => _jitter = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(Jitter), value, "jitter cannot be negative");
    }

    /// <summary>The port every simulated node listens on (P2PP's 7080 unless set).</summary>
    public ushort Port
    {
        get => _port;
        init => _port = value != 0 ? value : throw new ArgumentOutOfRangeException(nameof(Port), value, "port 0 is not a listening port");
    }
}
