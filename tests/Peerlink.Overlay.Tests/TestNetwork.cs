using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Chord;

namespace Peerlink.Overlay.Tests;

/// <summary>
/// A minimal virtual network for engine tests: fixed latency, optional seeded loss, a virtual clock,
/// and nodes driven at their deadlines. (The full simulator lives in Peerlink.Simulation.)
/// </summary>
internal sealed class TestNetwork
{
    private readonly PriorityQueue<Delivery, (TimeSpan, long)> _queue = new();
    private readonly Dictionary<NodeAddress, OverlayNode> _nodes = [];
    private readonly Random _random;
    private long _sequence;

    public TestNetwork(int seed = 1, double loss = 0, bool reliable = false)
    {
        _random = new Random(seed);
        Loss = loss;
        Reliable = reliable;
    }

    public TimeSpan Now { get; private set; }

    public double Loss { get; set; }

    /// <summary>Packets this says yes to are lost (a targeted loss, unlike <see cref="Loss"/>).</summary>
    public Func<byte[], bool>? DropWhere { get; set; }

    /// <summary>Packets from one address to another that this says yes to are lost (a peer that drops what it is sent).</summary>
    public Func<NodeAddress, NodeAddress, byte[], bool>? DropBetween { get; set; }

    /// <summary>Packets sent from one address to another, in order.</summary>
    public List<(NodeAddress From, NodeAddress To)> Routes { get; } = [];

    public bool Reliable { get; }

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>One-way delay per (from, to), instead of <see cref="Latency"/> for every pair.</summary>
    public Func<NodeAddress, NodeAddress, TimeSpan>? LatencyOf { get; init; }

    /// <summary>
    /// Like TCP: a packet sent to a listening port arrives from its sender's connection port
    /// (listening port + 20000), and a reply to that port goes back over the connection, arriving
    /// from the listening port it was sent to.
    /// </summary>
    public bool EphemeralPorts { get; init; }

    public long Delivered { get; private set; }

    public List<byte[]> Sent { get; } = [];

    public IReadOnlyCollection<OverlayNode> Nodes => _nodes.Values;

    /// <summary>A Chord ring of <paramref name="count"/> nodes whose tables know every other node.</summary>
    public static (TestNetwork Net, List<OverlayNode> Nodes) Ring(int count, int seed = 1, double loss = 0, bool reliable = false, OverlayNodeOptions? options = null)
    {
        var net = new TestNetwork(seed, loss, reliable);
        var random = new Random(seed);
        var peers = Enumerable.Range(0, count)
            .Select(i => new PeerRef(NodeId.Random(random, 20), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, 7080)))
            .ToList();
        var nodes = peers.Select(p => net.Add(p, options)).ToList();
        foreach (var node in nodes)
        {
            foreach (var p in peers)
            {
                node.Topology.Observe(p);
            }
        }

        return (net, nodes);
    }

    public OverlayNode Add(PeerRef self, OverlayNodeOptions? options = null) => Add(new ChordTable(self), options);

    public OverlayNode Add(ITopology topology, OverlayNodeOptions? options = null)
    {
        var node = new OverlayNode(topology, new Sender(this, topology.Self.Address), new Random(_nodes.Count + 1), options);
        _nodes.Add(topology.Self.Address, node);
        return node;
    }

    /// <summary>
    /// Starts the first table's node alone, then joins the others one by one, each through a random
    /// node already in, letting 15 s pass after each Join; fails the test when a Join fails.
    /// </summary>
    public List<OverlayNode> JoinOneByOne(IEnumerable<ITopology> tables, Random random, OverlayNodeOptions? options = null)
    {
        var nodes = new List<OverlayNode>();
        foreach (var table in tables)
        {
            var node = Add(table, options);
            if (nodes.Count == 0)
            {
                node.StartAlone(Now);
            }
            else
            {
                OverlayResult? joined = null;
                node.Join(Now, nodes[random.Next(nodes.Count)].Address, r => joined = r);
                Run(TimeSpan.FromSeconds(15));
                Assert.True(joined?.Succeeded, $"node {nodes.Count} did not join: {joined?.Failure ?? "no answer"}");
            }

            nodes.Add(node);
        }

        return nodes;
    }

    public OverlayNode AddClient(PeerRef self, PeerRef attachedTo)
    {
        var node = new OverlayNode(new Topologies.ClientTopology(self, attachedTo), new Sender(this, self.Address), new Random(_nodes.Count + 1));
        _nodes.Add(self.Address, node);
        return node;
    }

    public void Crash(OverlayNode node) => _nodes.Remove(node.Address);

    public void Inject(NodeAddress from, NodeAddress to, byte[] packet) => Enqueue(from, to, packet);

    /// <summary>Runs deliveries and timers until nothing is left or <paramref name="limit"/> passes.</summary>
    public void Run(TimeSpan limit)
    {
        var end = Now + limit;
        for (var steps = 0; steps < 1_000_000; steps++)
        {
            var nextTimer = _nodes.Values.Select(n => n.NextDeadline).Where(d => d is not null).Min();
            var hasDelivery = _queue.TryPeek(out _, out var at);
            var next = hasDelivery && (nextTimer is null || at.Item1 <= nextTimer) ? at.Item1 : nextTimer;
            if (next is null || next > end)
            {
                Now = end;
                return;
            }

            Now = next.Value > Now ? next.Value : Now;
            if (hasDelivery && at.Item1 <= Now)
            {
                var d = _queue.Dequeue();
                if (_nodes.TryGetValue(d.To, out var target)
                    || (EphemeralPorts && _nodes.TryGetValue(d.To.WithPort((ushort)(d.To.Port - 20000)), out target)))
                {
                    Delivered++;
                    target.Receive(Now, d.From, d.Packet);
                }
            }
            else
            {
                foreach (var n in _nodes.Values.Where(n => n.NextDeadline <= Now).ToList())
                {
                    n.Poll(Now);
                }
            }
        }

        throw new InvalidOperationException("the network did not settle in 1,000,000 steps");
    }

    private void Enqueue(NodeAddress from, NodeAddress to, byte[] packet)
    {
        Sent.Add(packet);
        Routes.Add((from, to));
        if ((!Reliable && Loss > 0 && _random.NextDouble() < Loss) || DropWhere?.Invoke(packet) == true || DropBetween?.Invoke(from, to, packet) == true)
        {
            return;
        }

        if (EphemeralPorts && _nodes.ContainsKey(from) && _nodes.ContainsKey(to))
        {
            from = from.WithPort((ushort)(from.Port + 20000));
        }

        _queue.Enqueue(new Delivery(from, to, packet), (Now + (LatencyOf?.Invoke(from, to) ?? Latency), _sequence++));
    }

    private sealed record Delivery(NodeAddress From, NodeAddress To, byte[] Packet);

    private sealed class Sender(TestNetwork net, NodeAddress self) : IPacketSender
    {
        public bool IsReliable => net.Reliable;

        public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet) => net.Enqueue(self, destination, packet.ToArray());
    }
}
