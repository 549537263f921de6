namespace Peerlink.Simulation.Tests;

public class NetworkTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static RecordingEngine Engine(Simulator sim, SimulatedNode node) => (RecordingEngine)sim.GetEngine(node)!;

    private static (Simulator Sim, SimulatedNode[] Nodes) Network(SimulationOptions options, int count, bool reliable = false)
    {
        var sim = new Simulator(options);
        var nodes = Enumerable.Range(0, count).Select(_ => sim.AddNode(c => new RecordingEngine(c), reliable)).ToArray();
        return (sim, nodes);
    }

    [Fact]
    public void Send_ConstantLatency_ArrivesAfterExactlyThatDelayFromTheSender()
    {
        var (sim, nodes) = Network(new SimulationOptions { Latency = LatencyModel.Constant(Ms(30)) }, 2);

        sim.At(Ms(5), () => sim.Invoke<RecordingEngine>(nodes[0], e => e.Send(nodes[1].Address, 1, 2, 3)));
        sim.RunUntil(TimeSpan.FromSeconds(1));

        var (time, from, packet) = Assert.Single(Engine(sim, nodes[1]).Received);
        Assert.Equal(Ms(35), time);
        Assert.Equal(nodes[0].Address, from);
        Assert.Equal(new byte[] { 1, 2, 3 }, packet);
        Assert.Equal(1, sim.Counters.Packets(PacketFate.Delivered));
        Assert.Equal(3, sim.Counters.Bytes(PacketFate.Delivered));
        Assert.Equal(3, sim.Counters.BytesSent);
    }

    [Fact]
    public void Loss_TenPercent_DropRateNearTenPercent()
    {
        const int Packets = 20_000;
        var (sim, nodes) = Network(new SimulationOptions { Seed = 3, Loss = 0.1 }, 2);

        sim.Invoke<RecordingEngine>(nodes[0], e =>
        {
            for (var i = 0; i < Packets; i++)
            {
                e.Send(nodes[1].Address, 0);
            }
        });
        sim.RunFor(TimeSpan.FromSeconds(1));

        // Binomial(20000, 0.1): standard deviation 0.0021; the bound is about four of them.
        var lost = sim.Counters.Packets(PacketFate.Lost) / (double)Packets;
        Assert.InRange(lost, 0.091, 0.109);
        Assert.Equal(Packets, sim.Counters.Packets(PacketFate.Lost) + Engine(sim, nodes[1]).Received.Count);
        Assert.Equal(0, sim.Counters.PacketsInFlight);
    }

    [Fact]
    public void Reliable_LossAndReorderingNetwork_EveryPacketInOrderPerPair()
    {
        var options = new SimulationOptions
        {
            Seed = 5,
            Loss = 0.3,
            Latency = LatencyModel.Uniform(Ms(10), Ms(200)),
            Jitter = Ms(50),
        };
        var (sim, nodes) = Network(options, 4, reliable: true);

        Assert.True(Engine(sim, nodes[0]).Context.Sender.IsReliable);
        for (var round = 0; round < 200; round++)
        {
            var r = (byte)round;
            sim.At(Ms(round), () =>
            {
                for (var from = 0; from < 3; from++)
                {
                    sim.Invoke<RecordingEngine>(nodes[from], e => e.Send(nodes[3].Address, r));
                }
            });
        }

        sim.RunUntil(TimeSpan.FromSeconds(5));

        var received = Engine(sim, nodes[3]).Received;
        Assert.Equal(600, received.Count);
        foreach (var sender in nodes.Take(3))
        {
            var sequence = received.Where(r => r.From == sender.Address).Select(r => (int)r.Packet[0]);
            Assert.Equal(Enumerable.Range(0, 200), sequence);
        }
    }

    [Fact]
    public void Datagram_UniformLatency_CanOvertakeAnEarlierPacket()
    {
        var (sim, nodes) = Network(new SimulationOptions { Seed = 5, Latency = LatencyModel.Uniform(Ms(10), Ms(200)) }, 2);
        for (var i = 0; i < 100; i++)
        {
            var b = (byte)i;
            sim.At(Ms(i), () => sim.Invoke<RecordingEngine>(nodes[0], e => e.Send(nodes[1].Address, b)));
        }

        sim.RunUntil(TimeSpan.FromSeconds(5));

        var order = Engine(sim, nodes[1]).Received.Select(r => (int)r.Packet[0]).ToList();
        Assert.Equal(100, order.Count);
        Assert.NotEqual(Enumerable.Range(0, 100), order);
    }

    [Fact]
    public void Jitter_ConstantLatency_DelaysWithinLatencyPlusJitter()
    {
        var (sim, nodes) = Network(new SimulationOptions { Seed = 8, Latency = LatencyModel.Constant(Ms(40)), Jitter = Ms(20) }, 2);

        sim.Invoke<RecordingEngine>(nodes[0], e =>
        {
            for (var i = 0; i < 500; i++)
            {
                e.Send(nodes[1].Address, 0);
            }
        });
        sim.RunFor(TimeSpan.FromSeconds(1));

        var times = Engine(sim, nodes[1]).Received.Select(r => r.Time).ToList();
        Assert.Equal(500, times.Count);
        Assert.All(times, t => Assert.InRange(t, Ms(40), Ms(60)));
        Assert.True(times.Max() - times.Min() > Ms(15));
    }

    [Fact]
    public void Partition_TwoSides_BlocksBothWaysWhileEachSideTalks()
    {
        var (sim, n) = Network(new SimulationOptions(), 4);
        sim.Partition([n[0], n[1]], [n[2], n[3]]);

        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[2].Address, 1));
        sim.Invoke<RecordingEngine>(n[2], e => e.Send(n[0].Address, 2));
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 3));
        sim.Invoke<RecordingEngine>(n[3], e => e.Send(n[2].Address, 4));
        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Empty(Engine(sim, n[0]).Received);
        Assert.Equal([3], Engine(sim, n[1]).Received.Select(r => (int)r.Packet[0]));
        Assert.Equal([4], Engine(sim, n[2]).Received.Select(r => (int)r.Packet[0]));
        Assert.Equal(2, sim.Counters.Packets(PacketFate.Partitioned));
    }

    [Fact]
    public void Partition_UnnamedNodes_FormASideOfTheirOwn()
    {
        var (sim, n) = Network(new SimulationOptions(), 3);
        sim.Partition([n[0]]);

        sim.Invoke<RecordingEngine>(n[1], e => e.Send(n[2].Address, 1));
        sim.Invoke<RecordingEngine>(n[1], e => e.Send(n[0].Address, 2));
        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Single(Engine(sim, n[2]).Received);
        Assert.Empty(Engine(sim, n[0]).Received);
    }

    [Fact]
    public void Heal_AfterPartition_TrafficFlowsAgain()
    {
        var (sim, n) = Network(new SimulationOptions(), 2);
        sim.Partition([n[0]], [n[1]]);
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 1));
        sim.RunFor(TimeSpan.FromSeconds(1));

        sim.Heal();
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 2));
        sim.Invoke<RecordingEngine>(n[1], e => e.Send(n[0].Address, 3));
        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal([2], Engine(sim, n[1]).Received.Select(r => (int)r.Packet[0]));
        Assert.Equal([3], Engine(sim, n[0]).Received.Select(r => (int)r.Packet[0]));
    }

    [Fact]
    public void Partition_StartsWhilePacketInFlight_PacketDropped()
    {
        var (sim, n) = Network(new SimulationOptions { Latency = LatencyModel.Constant(Ms(100)) }, 2);
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 1));

        sim.At(Ms(50), () => sim.Partition([n[0]], [n[1]]));
        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Empty(Engine(sim, n[1]).Received);
        Assert.Equal(1, sim.Counters.Packets(PacketFate.Partitioned));
    }

    [Fact]
    public void Partition_NodeNamedOnTwoSides_Throws()
    {
        var (sim, n) = Network(new SimulationOptions(), 2);

        var e = Assert.Throws<ArgumentException>(() => sim.Partition([n[0]], [n[0], n[1]]));

        Assert.Contains("two sides", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_AddressOfNoNode_Unreachable()
    {
        var (sim, n) = Network(new SimulationOptions(), 1);
        var fates = new List<PacketFate>();
        sim.PacketObserver = (_, _, _, _, fate) => fates.Add(fate);

        sim.Invoke<RecordingEngine>(n[0], e => e.Send(Core.NodeAddress.FromIPv4(0xC612_0063, 7080), 1)); // 198.18.0.99
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(Core.NodeAddress.FromIPv4(0x0A00_0001, 7080), 1)); // 10.0.0.1

        Assert.Equal([PacketFate.Unreachable, PacketFate.Unreachable], fates);
    }

    [Fact]
    public void Datagram_DestinationCrashedAndBackBeforeArrival_ReachesTheNewIncarnation()
    {
        var (sim, n) = Network(new SimulationOptions { Latency = LatencyModel.Constant(Ms(100)) }, 2);
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 1));
        sim.At(Ms(20), () => sim.Crash(n[1]));
        sim.At(Ms(40), () => sim.Rejoin(n[1]));

        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Single(Engine(sim, n[1]).Received);
    }

    [Fact]
    public void Datagram_DestinationDownAtArrival_Unreachable()
    {
        var (sim, n) = Network(new SimulationOptions { Latency = LatencyModel.Constant(Ms(100)) }, 2);
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 1));
        sim.At(Ms(20), () => sim.Crash(n[1]));

        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(1, sim.Counters.Packets(PacketFate.Unreachable));
        Assert.Equal(0, sim.Counters.PacketsInFlight);
    }

    [Fact]
    public void Reliable_DestinationRestartedBeforeArrival_StreamDropped()
    {
        var (sim, n) = Network(new SimulationOptions { Latency = LatencyModel.Constant(Ms(100)) }, 2, reliable: true);
        sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 1));
        sim.At(Ms(20), () => sim.Crash(n[1]));
        sim.At(Ms(30), () => sim.Invoke<RecordingEngine>(n[0], e => e.Send(n[1].Address, 2)));
        sim.At(Ms(40), () => sim.Rejoin(n[1]));

        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Empty(Engine(sim, n[1]).Received);
        Assert.Equal(2, sim.Counters.Packets(PacketFate.Unreachable));
    }

    [Fact]
    public void PacketObserver_EveryPacket_SeenOnceWithItsFate()
    {
        var (sim, n) = Network(new SimulationOptions { Seed = 2, Loss = 0.5 }, 2);
        var seen = new List<(TimeSpan Time, Core.NodeAddress From, Core.NodeAddress To, int Length, PacketFate Fate)>();
        sim.PacketObserver = (time, from, to, packet, fate) => seen.Add((time, from, to, packet.Length, fate));

        sim.Invoke<RecordingEngine>(n[0], e =>
        {
            for (var i = 0; i < 100; i++)
            {
                e.Send(n[1].Address, 1, 2);
            }
        });
        sim.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(100, seen.Count);
        Assert.All(seen, s => Assert.Equal((n[0].Address, n[1].Address, 2), (s.From, s.To, s.Length)));
        Assert.Equal(sim.Counters.Packets(PacketFate.Delivered), seen.Count(s => s.Fate == PacketFate.Delivered));
        Assert.All(seen.Where(s => s.Fate == PacketFate.Lost), s => Assert.Equal(TimeSpan.Zero, s.Time));
        Assert.All(seen.Where(s => s.Fate == PacketFate.Delivered), s => Assert.Equal(Ms(50), s.Time));
    }
}
