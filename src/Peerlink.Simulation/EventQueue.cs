namespace Peerlink.Simulation;

/// <summary>
/// The simulator's one event queue: every node's wake-up, every packet in flight, every scenario
/// action and churn step, ordered by virtual time. Events at the same time run in the order they
/// were scheduled (a sequence number breaks the tie), so a run depends only on its seed and not on
/// the heap's internal layout.
/// </summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<SimulationEvent, EventKey> _heap = new();
    private long _sequence;

    /// <summary>Events waiting, stale wake-ups included.</summary>
    public int Count => _heap.Count;

    /// <summary>Queues <paramref name="item"/> to run at <paramref name="time"/> (ticks since the start).</summary>
    public void Schedule(long time, SimulationEvent item) => _heap.Enqueue(item, new EventKey(time, _sequence++));

    /// <summary>The time of the earliest event, if any.</summary>
    public bool TryPeekTime(out long time)
    {
        if (_heap.TryPeek(out _, out var key))
        {
            time = key.Time;
            return true;
        }

        time = 0;
        return false;
    }

    /// <summary>Takes the earliest event (ties: the one scheduled first).</summary>
    public bool TryDequeue(out SimulationEvent item, out long time)
    {
        if (_heap.TryDequeue(out item, out var key))
        {
            time = key.Time;
            return true;
        }

        time = 0;
        return false;
    }

    /// <summary>Orders by time, then by the order of scheduling.</summary>
    private readonly struct EventKey(long time, long sequence) : IComparable<EventKey>
    {
        public long Time { get; } = time;

        private long Sequence { get; } = sequence;

        public int CompareTo(EventKey other)
        {
            var byTime = Time.CompareTo(other.Time);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}
