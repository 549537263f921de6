namespace Peerlink.Hosting;

/// <summary>Running totals of one <see cref="EngineHost"/>, safe to read from any thread.</summary>
public sealed class EngineHostCounters
{
    private long _packetsDelivered;
    private long _polls;
    private long _workItemsRun;
    private long _engineFaults;

    /// <summary>Packets handed to the engine's Receive.</summary>
    public long PacketsDelivered => Interlocked.Read(ref _packetsDelivered);

    /// <summary>Calls of the engine's Poll.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Work items run on the loop (<see cref="EngineHost.InvokeAsync{T}"/>).</summary>
    public long WorkItemsRun => Interlocked.Read(ref _workItemsRun);

    /// <summary>
    /// Exceptions thrown by the engine (from Receive, Poll or NextDeadline, or by the final action of
    /// a stop), logged and survived. Exceptions of other work items go to their callers instead.
    /// </summary>
    public long EngineFaults => Interlocked.Read(ref _engineFaults);

    internal void OnDelivered() => Interlocked.Increment(ref _packetsDelivered);

    internal void OnPoll() => Interlocked.Increment(ref _polls);

    internal void OnWorkItem() => Interlocked.Increment(ref _workItemsRun);

    internal void OnFault() => Interlocked.Increment(ref _engineFaults);
}
