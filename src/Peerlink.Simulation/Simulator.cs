using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation;

/// <summary>
/// A deterministic discrete-event simulator that runs real <see cref="IProtocolEngine"/>s of many
/// nodes in one process, on one thread, against a virtual clock and a virtual network.
/// </summary>
/// <remarks>
/// <para>One priority queue holds everything that will happen: packet deliveries, node wake-ups,
/// scenario actions, churn. After every call into an engine the simulator reads its
/// <see cref="IProtocolEngine.NextDeadline"/> and keeps one wake-up for it; wake-ups the engine no
/// longer wants are left in the queue and skipped when they come up (per-node "scheduled at" in an
/// array), which is cheaper than finding and removing them.</para>
/// <para>The same options, scenario and seed give the same run, event for event: the queue breaks
/// ties by scheduling order, and all randomness comes from generators seeded from
/// <see cref="SimulationOptions.Seed"/>. Engines and scenario code must keep to that: no thread
/// pool, no wall clock, no unseeded randomness (task continuations must run inline).</para>
/// <para>A simulator is not thread-safe; everything runs on the caller's thread inside
/// <see cref="Step"/>, <see cref="RunUntil"/> and <see cref="RunFor"/>.</para>
/// </remarks>
public sealed partial class Simulator
{
    private readonly EventQueue _queue = new();
    private readonly SlotTable<Action> _actions = new();
    private long _now;

    /// <summary>A simulator at virtual time zero with no nodes.</summary>
    public Simulator(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _salt = Mixing.Mix((ulong)(uint)options.Seed, 0x5EED);
        _network = new Random((int)Mixing.Mix(_salt, 1));
        _churnRandom = new Random((int)Mixing.Mix(_salt, 2));
        _time = new VirtualTimeProvider(this);
    }

    /// <summary>The options the simulator was built with.</summary>
    public SimulationOptions Options { get; }

    /// <summary>Virtual time since the start.</summary>
    public TimeSpan Now => new(_now);

    /// <summary>What has happened so far.</summary>
    public SimulationCounters Counters { get; } = new();

    /// <summary>Sees every packet's fate (delivered, lost, partitioned, unreachable); null for none.</summary>
    public PacketObserver? PacketObserver { get; set; }

    /// <summary>Sees every node that joins, leaves or crashes; null for none.</summary>
    public Action<SimulatedNode, NodeChange>? NodeObserver { get; set; }

    /// <summary>Events in the queue, including stale wake-ups not yet skipped.</summary>
    public int PendingEvents => _queue.Count;

    /// <summary>
    /// Runs <paramref name="action"/> at virtual time <paramref name="time"/>, after the events
    /// already scheduled for that time. To call into an engine from it, use <see cref="Invoke{TEngine}"/>.
    /// </summary>
    public void At(TimeSpan time, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (time.Ticks < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"the simulation is already at {Now}");
        }

        _queue.Schedule(time.Ticks, SimulationEvent.Action(_actions.Add(action)));
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time.</summary>
    public void After(TimeSpan delay, Action action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        At(Now + delay, action);
    }

    /// <summary>Runs the next event (skipping stale wake-ups). False when nothing is left to run.</summary>
    public bool Step()
    {
        while (_queue.TryDequeue(out var item, out var time))
        {
            if (Run(item, time))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs every event up to and including <paramref name="end"/>, then leaves the clock at
    /// <paramref name="end"/> (even if the queue ran dry earlier).
    /// </summary>
    public void RunUntil(TimeSpan end)
    {
        if (end.Ticks < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"the simulation is already at {Now}");
        }

        while (_queue.TryPeekTime(out var next) && next <= end.Ticks)
        {
            _queue.TryDequeue(out var item, out var time);
            Run(item, time);
        }

        _now = end.Ticks;
    }

    /// <summary>Runs <paramref name="duration"/> of virtual time from <see cref="Now"/>.</summary>
    public void RunFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        RunUntil(Now + duration);
    }

    /// <summary>Runs one event from the queue; false if it was a stale wake-up that did nothing.</summary>
    private bool Run(SimulationEvent item, long time)
    {
        _now = time;
        switch (item.Kind)
        {
            case EventKind.Wake:
                if (!Wake(item.Node, time))
                {
                    return false;
                }

                break;
            case EventKind.Deliver:
                Deliver(item);
                break;
            case EventKind.Action:
                _actions.Take(item.Aux)();
                break;
            case EventKind.Depart:
                if (!Depart(item))
                {
                    return false;
                }

                break;
            case EventKind.Return:
                if (!Return(item))
                {
                    return false;
                }

                break;
            default:
                throw new InvalidOperationException($"unknown event kind {item.Kind}");
        }

        Counters.EventsProcessed++;
        return true;
    }
}
