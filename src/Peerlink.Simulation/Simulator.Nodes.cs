using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation;

/// <summary>Nodes: adding, crashing, leaving, rejoining, calling into engines, and their wake-ups.</summary>
public sealed partial class Simulator
{
    /// <summary>"No wake-up queued" in <see cref="_wakeAt"/>.</summary>
    private const long NotScheduled = long.MaxValue;

    private readonly ulong _salt;
    private readonly VirtualTimeProvider _time;

    // What the simulator itself spends per node: these arrays (indexed by node number; about 31
    // bytes a node) and one sender object per incarnation. Addresses are computed from the number.
    private IProtocolEngine?[] _engines = [];
    private Func<SimulatedNodeContext, IProtocolEngine>[] _factories = [];
    private long[] _wakeAt = [];
    private int[] _incarnations = [];
    private bool[] _reliable = [];
    private int _count;

    /// <summary>Nodes added so far, up or down.</summary>
    public int NodeCount => _count;

    /// <summary>Nodes up now.</summary>
    public int UpCount { get; private set; }

    /// <summary>
    /// Adds a node and starts it now: <paramref name="factory"/> builds its engine from the context
    /// (address, sender, clock, seed), and is called again whenever the node rejoins.
    /// </summary>
    /// <param name="factory">Builds the node's engine at <see cref="SimulatedNodeContext.Address"/>.</param>
    /// <param name="reliable">
    /// Whether the node's transport is a reliable stream (TCP-like: no loss, in order per pair;
    /// <see cref="IPacketSender.IsReliable"/> is true) rather than datagrams.
    /// </param>
    /// <exception cref="InvalidOperationException">All of 198.18.0.0/15 is taken (131,070 nodes), or the factory misbehaved.</exception>
    public SimulatedNode AddNode(Func<SimulatedNodeContext, IProtocolEngine> factory, bool reliable = false)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (_count == SimulatedAddresses.MaxNodes)
        {
            throw new InvalidOperationException($"198.18.0.0/15 holds {SimulatedAddresses.MaxNodes} nodes, and all are taken");
        }

        if (_count == _engines.Length)
        {
            Grow();
        }

        var index = _count++;
        _factories[index] = factory;
        _reliable[index] = reliable;
        _wakeAt[index] = NotScheduled;
        Start(index);
        return Node(index);
    }

    /// <summary>The node numbered <paramref name="index"/>.</summary>
    public SimulatedNode Node(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return new SimulatedNode(index, SimulatedAddresses.Of(index, Options.Port));
    }

    /// <summary>The node at <paramref name="address"/>, if there is one.</summary>
    public bool TryGetNode(NodeAddress address, out SimulatedNode node)
    {
        if (SimulatedAddresses.TryGetIndex(address, Options.Port, out var index) && index < _count)
        {
            node = Node(index);
            return true;
        }

        node = default;
        return false;
    }

    /// <summary>Whether the node is up.</summary>
    public bool IsUp(SimulatedNode node) => _engines[Check(node)] is not null;

    /// <summary>
    /// The node's engine, to read its state; null when the node is down. Change it only through
    /// <see cref="Invoke{TEngine}"/>, so that the simulator sees its new deadline.
    /// </summary>
    public IProtocolEngine? GetEngine(SimulatedNode node) => _engines[Check(node)];

    /// <summary>
    /// Calls into a node's engine now (an API call such as a lookup) and then reads its deadline
    /// again. False, without calling, when the node is down.
    /// </summary>
    /// <exception cref="InvalidCastException">The engine is not a <typeparamref name="TEngine"/>.</exception>
    public bool Invoke<TEngine>(SimulatedNode node, Action<TEngine> call)
        where TEngine : IProtocolEngine
    {
        ArgumentNullException.ThrowIfNull(call);
        var index = Check(node);
        var engine = _engines[index];
        if (engine is null)
        {
            return false;
        }

        call((TEngine)engine);
        Reschedule(index);
        return true;
    }

    /// <summary>
    /// Crashes a node: its engine is dropped without a word, with its pending wake-up. Datagrams
    /// already in flight to its address are dropped if it is still down when they arrive (and
    /// reach whoever listens there if it has rejoined; reliable streams to the old incarnation are
    /// dropped). A node under churn that is crashed by hand leaves churn. False if it was down.
    /// </summary>
    public bool Crash(SimulatedNode node) => Stop(Check(node), NodeChange.Crashed);

    /// <summary>
    /// A graceful leave: <paramref name="farewell"/> calls into the engine first (to send its Leave
    /// messages now), then the node stops as in <see cref="Crash"/>. False if it was down.
    /// </summary>
    public bool Leave(SimulatedNode node, Action<IProtocolEngine>? farewell) => Leave(Check(node), farewell);

    /// <summary>
    /// Restarts a node that is down, at the same address, with a new engine from its factory
    /// (<see cref="SimulatedNodeContext.Incarnation"/> counts up). False if it was up.
    /// </summary>
    public bool Rejoin(SimulatedNode node)
    {
        var index = Check(node);
        if (_engines[index] is not null)
        {
            return false;
        }

        Start(index);
        return true;
    }

    private int Check(SimulatedNode node) =>
        (uint)node.Index < (uint)_count && node.Address == SimulatedAddresses.Of(node.Index, Options.Port)
            ? node.Index
            : throw new ArgumentException($"{node} is not a node of this simulator", nameof(node));

    private void Start(int index)
    {
        var incarnation = _incarnations[index];
        var node = Node(index);
        var seed = (int)Mixing.Mix(_salt, (ulong)index, (ulong)incarnation);
        var context = new SimulatedNodeContext(
            node, incarnation, new SimulatedSender(this, index, incarnation, _reliable[index]), _time, seed, Now);
        IProtocolEngine engine;
        try
        {
            engine = _factories[index](context)
                ?? throw new InvalidOperationException($"the factory built no engine for {node}");
            if (engine.Address != node.Address)
            {
                throw new InvalidOperationException(
                    $"the factory built an engine at {engine.Address} for {node}: build it at context.Address");
            }
        }
        catch
        {
            // The half-built engine may hold the sender: retire this incarnation so it cannot send.
            _incarnations[index]++;
            throw;
        }

        _engines[index] = engine;
        UpCount++;
        Counters.Joins++;
        NodeObserver?.Invoke(node, NodeChange.Joined);
        Reschedule(index);
    }

    private bool Leave(int index, Action<IProtocolEngine>? farewell)
    {
        var engine = _engines[index];
        if (engine is null)
        {
            return false;
        }

        farewell?.Invoke(engine);
        return Stop(index, NodeChange.Left);
    }

    private bool Stop(int index, NodeChange change)
    {
        if (_engines[index] is null)
        {
            return false;
        }

        _engines[index] = null;

        // A new incarnation: the old sender is dead, and churn steps and streams of the old one are stale.
        _incarnations[index]++;
        _wakeAt[index] = NotScheduled;
        UpCount--;
        if (change == NodeChange.Left)
        {
            Counters.Leaves++;
        }
        else
        {
            Counters.Crashes++;
        }

        NodeObserver?.Invoke(Node(index), change);
        return true;
    }

    /// <summary>
    /// After a call into an engine: make sure a wake-up is queued no later than its deadline.
    /// <see cref="_wakeAt"/> holds the earliest wake-up queued for the node. A deadline that moved
    /// later (or went away) leaves that wake-up where it is; when it comes up, <see cref="Wake"/>
    /// reads the deadline again. Only a deadline that moved earlier queues a new entry.
    /// </summary>
    private void Reschedule(int index)
    {
        if (_engines[index]?.NextDeadline is { } deadline)
        {
            var time = Math.Max(deadline.Ticks, _now);
            if (time < _wakeAt[index])
            {
                _wakeAt[index] = time;
                _queue.Schedule(time, SimulationEvent.Wake(index));
            }
        }
    }

    /// <summary>A wake-up came up: poll the engine if it is due. False if the wake-up was stale or early.</summary>
    private bool Wake(int index, long time)
    {
        if (_wakeAt[index] != time)
        {
            return false;
        }

        _wakeAt[index] = NotScheduled;
        var engine = _engines[index];
        if (engine?.NextDeadline is not { } deadline)
        {
            return false;
        }

        if (deadline.Ticks > time)
        {
            Reschedule(index);
            return false;
        }

        engine.Poll(Now);
        Reschedule(index);
        return true;
    }

    private void Grow()
    {
        var size = Math.Min(SimulatedAddresses.MaxNodes, Math.Max(16, _engines.Length * 2));
        Array.Resize(ref _engines, size);
        Array.Resize(ref _factories, size);
        Array.Resize(ref _wakeAt, size);
        Array.Resize(ref _incarnations, size);
        Array.Resize(ref _reliable, size);
        Array.Resize(ref _sides, size);
    }
}
