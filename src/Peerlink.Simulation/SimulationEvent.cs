namespace Peerlink.Simulation;

/// <summary>What an event in the queue does.</summary>
internal enum EventKind : byte
{
    /// <summary>A node's engine asked to be polled (its <c>NextDeadline</c>).</summary>
    Wake,

    /// <summary>A packet reaches its destination.</summary>
    Deliver,

    /// <summary>A scenario action (<see cref="Simulator.At"/>).</summary>
    Action,

    /// <summary>Churn: a node's session ends.</summary>
    Depart,

    /// <summary>Churn: a node's down time ends.</summary>
    Return,
}

/// <summary>
/// One entry of the event queue: 13 bytes of plain numbers. It holds no references on purpose:
/// the heap moves entries on every insert and removal, and an entry with a reference in it costs
/// a GC write barrier per move (measured: a third of the queue's time). Packets and actions wait
/// in side tables (<see cref="SlotTable{T}"/>) and the entry names their slot.
/// </summary>
internal readonly struct SimulationEvent
{
    private SimulationEvent(EventKind kind, int node, int other, int aux)
    {
        Kind = kind;
        Node = node;
        Other = other;
        Aux = aux;
    }

    public EventKind Kind { get; }

    /// <summary>The node the event happens to (a delivery's destination).</summary>
    public int Node { get; }

    /// <summary>A delivery's source node, or a churn registration.</summary>
    public int Other { get; }

    /// <summary>A delivery's or an action's slot, or the node incarnation a churn step belongs to.</summary>
    public int Aux { get; }

    public static SimulationEvent Wake(int node) => new(EventKind.Wake, node, 0, 0);

    public static SimulationEvent Deliver(int to, int from, int packetSlot) => new(EventKind.Deliver, to, from, packetSlot);

    public static SimulationEvent Action(int slot) => new(EventKind.Action, 0, 0, slot);

    public static SimulationEvent Depart(int node, int registration, int incarnation) =>
        new(EventKind.Depart, node, registration, incarnation);

    public static SimulationEvent Return(int node, int registration, int incarnation) =>
        new(EventKind.Return, node, registration, incarnation);
}
