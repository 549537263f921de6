namespace Peerlink.Simulation;

/// <summary>Every packet takes the same time: the easiest model to reason about in tests.</summary>
internal sealed class ConstantLatency(TimeSpan delay) : LatencyModel
{
    public TimeSpan Delay => delay;

    public override string ToString() => "constant:" + DurationText.Format(delay);

    internal override TimeSpan Sample(int from, int to, ulong salt, Random random) => delay;
}
