namespace Peerlink.Simulation;

/// <summary>
/// A <see cref="TimeProvider"/> that reads the simulator's virtual clock, for engines built to take
/// one. It makes no timers: a simulated engine says when it next wants to run through
/// <c>NextDeadline</c>, and the simulator keeps one queue for all nodes, not a timer per node.
/// </summary>
internal sealed class VirtualTimeProvider(Simulator simulator) : TimeProvider
{
    /// <summary>What <see cref="GetUtcNow"/> answers at virtual time zero.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Epoch + simulator.Now;

    public override long GetTimestamp() => simulator.Now.Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException(
            "the simulator has no timers: an engine asks to run again through IProtocolEngine.NextDeadline");
}
