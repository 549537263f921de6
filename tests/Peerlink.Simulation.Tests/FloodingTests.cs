using Peerlink.Core;

namespace Peerlink.Simulation.Tests;

/// <summary>End to end: a flooding engine on 1,000 nodes over the Internet-like model.</summary>
public class FloodingTests
{
    private const int Nodes = 1000;

    /// <summary>A ring (so the graph is connected) plus three random links per node.</summary>
    private static Simulator Build(SimulationOptions options, out List<SimulatedNode> nodes)
    {
        var sim = new Simulator(options);
        var topology = new Random(options.Seed);
        var added = new List<SimulatedNode>();
        for (var i = 0; i < Nodes; i++)
        {
            var neighbours = new List<NodeAddress> { Address((i + 1) % Nodes, sim) };
            for (var k = 0; k < 3; k++)
            {
                neighbours.Add(Address(topology.Next(Nodes), sim));
            }

            added.Add(sim.AddNode(c => new FloodEngine(c, neighbours, TimeSpan.FromSeconds(1))));
        }

        nodes = added;
        return sim;
    }

    /// <summary>Node i's address, computed as a scenario would before the node exists.</summary>
    private static NodeAddress Address(int index, Simulator sim) =>
        NodeAddress.FromIPv4(0xC612_0001 + (uint)index, sim.Options.Port);

    [Fact]
    public void Flood_ThousandNodesNoLoss_EveryNodeReachedQuickly()
    {
        var sim = Build(new SimulationOptions { Seed = 1, Latency = LatencyModel.Internet }, out var nodes);

        sim.At(TimeSpan.FromSeconds(1), () => sim.Invoke<FloodEngine>(nodes[0], e => e.Originate(sim.Now, 77)));
        sim.RunUntil(TimeSpan.FromSeconds(10));

        var reached = nodes.Select(n => ((FloodEngine)sim.GetEngine(n)!).Reached).ToList();
        Assert.All(reached, r => Assert.True(r.ContainsKey(77)));

        // log_4(1000) ≈ 5 hops; the ring alone would need 500.
        var hops = reached.Select(r => r[77].Hops).ToList();
        Assert.InRange(hops.Max(), 4, 20);
        Assert.True(reached.Max(r => r[77].Time) < TimeSpan.FromSeconds(3));

        // Each node forwarded once to 4 neighbours; keep-alives flowed once a second.
        Assert.Equal(0, sim.Counters.Packets(PacketFate.Lost));
        Assert.True(sim.Counters.Packets(PacketFate.Delivered) >= (Nodes * 4) + (Nodes * 8));
        Assert.True(nodes.Sum(n => ((FloodEngine)sim.GetEngine(n)!).KeepAlivesReceived) >= Nodes * 8);
    }

    [Fact]
    public void Flood_ThousandNodesTenPercentLoss_StillReachesAlmostAll()
    {
        var sim = Build(new SimulationOptions { Seed = 2, Latency = LatencyModel.Internet, Loss = 0.1, Jitter = TimeSpan.FromMilliseconds(20) }, out var nodes);

        sim.At(TimeSpan.FromSeconds(1), () => sim.Invoke<FloodEngine>(nodes[0], e => e.Originate(sim.Now, 5)));
        sim.RunUntil(TimeSpan.FromSeconds(5));

        var reached = nodes.Count(n => ((FloodEngine)sim.GetEngine(n)!).Reached.ContainsKey(5));
        Assert.InRange(reached, 950, Nodes);
        Assert.InRange(sim.Counters.Packets(PacketFate.Lost) / (double)sim.Counters.PacketsSent, 0.08, 0.12);
    }
}
