using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation.Tests;

public class SimulatorTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static Simulator NewSimulator() => new(new SimulationOptions { Seed = 1, Latency = LatencyModel.Constant(Ms(10)) });

    private static RecordingEngine Engine(Simulator sim, SimulatedNode node) => (RecordingEngine)sim.GetEngine(node)!;

    [Fact]
    public void AddNode_FirstNodes_AddressesFrom198_18_0_1Upwards()
    {
        var sim = NewSimulator();

        var first = sim.AddNode(c => new RecordingEngine(c));
        var second = sim.AddNode(c => new RecordingEngine(c));

        Assert.Equal("198.18.0.1:7080", first.Address.ToString());
        Assert.Equal("198.18.0.2:7080", second.Address.ToString());
        Assert.Equal((0, 1), (first.Index, second.Index));
        Assert.Equal(2, sim.NodeCount);
        Assert.Equal(2, sim.UpCount);
    }

    [Fact]
    public void TryGetNode_OwnAddress_FindsNode()
    {
        var sim = NewSimulator();
        for (var i = 0; i < 300; i++)
        {
            sim.AddNode(c => new RecordingEngine(c));
        }

        Assert.True(sim.TryGetNode(NodeAddress.FromIPv4(0xC612_0100, 7080), out var node)); // 198.18.1.0
        Assert.Equal(255, node.Index);
    }

    [Theory]
    [InlineData(0xC612_0001u, 7081)] // right address, wrong port
    [InlineData(0xC612_0000u, 7080)] // 198.18.0.0: below the first node
    [InlineData(0xC612_0003u, 7080)] // node 2 not added yet
    [InlineData(0x7F00_0001u, 7080)] // 127.0.0.1
    public void TryGetNode_NotASimulatedNode_False(uint address, int port)
    {
        var sim = NewSimulator();
        sim.AddNode(c => new RecordingEngine(c));
        sim.AddNode(c => new RecordingEngine(c));

        Assert.False(sim.TryGetNode(NodeAddress.FromIPv4(address, (ushort)port), out _));
    }

    [Fact]
    public void AddNode_FactoryBuildsAtAnotherAddress_ThrowsSayingWhy()
    {
        var sim = NewSimulator();

        var e = Assert.Throws<InvalidOperationException>(() =>
            sim.AddNode(c => new RecordingEngine(c).WithAddress(NodeAddress.FromIPv4(0x0A00_0001, 7080))));

        Assert.Contains("context.Address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunUntil_EmptyQueue_ClockAtEnd()
    {
        var sim = NewSimulator();

        sim.RunUntil(TimeSpan.FromSeconds(3));
        sim.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(5), sim.Now);
        Assert.False(sim.Step());
    }

    [Fact]
    public void At_SeveralActions_RunAtTheirTimesSameTimeInSchedulingOrder()
    {
        var sim = NewSimulator();
        var log = new List<(string, TimeSpan)>();

        sim.At(Ms(20), () => log.Add(("b", sim.Now)));
        sim.At(Ms(10), () => log.Add(("a", sim.Now)));
        sim.At(Ms(20), () => log.Add(("c", sim.Now)));
        sim.At(Ms(10), () => sim.After(Ms(5), () => log.Add(("nested", sim.Now))));
        sim.RunUntil(Ms(100));

        Assert.Equal([("a", Ms(10)), ("nested", Ms(15)), ("b", Ms(20)), ("c", Ms(20))], log);
        Assert.Equal(5, sim.Counters.EventsProcessed); // the action that scheduled "nested" counts too
    }

    [Fact]
    public void At_TimeInThePast_Throws()
    {
        var sim = NewSimulator();
        sim.RunUntil(Ms(50));

        Assert.Throws<ArgumentOutOfRangeException>(() => sim.At(Ms(49), () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.RunUntil(Ms(10)));
    }

    [Fact]
    public void Step_OneEventAtATime_AdvancesClockToEachEvent()
    {
        var sim = NewSimulator();
        sim.At(Ms(7), () => { });
        sim.At(Ms(9), () => { });

        Assert.True(sim.Step());
        Assert.Equal(Ms(7), sim.Now);
        Assert.True(sim.Step());
        Assert.Equal(Ms(9), sim.Now);
        Assert.False(sim.Step());
    }

    [Fact]
    public void Poll_EngineDeadlines_PolledExactlyAtEachDeadline()
    {
        var sim = NewSimulator();
        var node = sim.AddNode(c =>
        {
            var engine = new RecordingEngine(c);
            engine.Arm(Ms(100));
            engine.Arm(Ms(250));
            return engine;
        });

        sim.RunUntil(TimeSpan.FromSeconds(1));

        Assert.Equal([Ms(100), Ms(250)], Engine(sim, node).Polls);
    }

    [Fact]
    public void Poll_DeadlinePushedLater_NotPolledAtTheOldTime()
    {
        var sim = NewSimulator();
        var node = sim.AddNode(c =>
        {
            var engine = new RecordingEngine(c);
            engine.Arm(Ms(100));
            return engine;
        });

        sim.At(Ms(50), () => sim.Invoke<RecordingEngine>(node, e =>
        {
            e.Cancel(Ms(100));
            e.Arm(Ms(300));
        }));
        sim.RunUntil(TimeSpan.FromSeconds(1));

        Assert.Equal([Ms(300)], Engine(sim, node).Polls);
    }

    [Fact]
    public void Poll_DeadlineMovedEarlierThenCleared_PolledOnlyAtTheEarlierTime()
    {
        var sim = NewSimulator();
        var node = sim.AddNode(c =>
        {
            var engine = new RecordingEngine(c);
            engine.Arm(Ms(500));
            return engine;
        });

        sim.At(Ms(10), () => sim.Invoke<RecordingEngine>(node, e => e.Arm(Ms(20))));
        sim.At(Ms(30), () => sim.Invoke<RecordingEngine>(node, e => e.Cancel(Ms(500))));
        sim.RunUntil(TimeSpan.FromSeconds(1));

        Assert.Equal([Ms(20)], Engine(sim, node).Polls);
    }

    [Fact]
    public void Poll_DeadlineInThePast_PolledNow()
    {
        var sim = NewSimulator();
        var node = sim.AddNode(c => new RecordingEngine(c));

        sim.At(Ms(40), () => sim.Invoke<RecordingEngine>(node, e => e.Arm(Ms(5))));
        sim.RunUntil(Ms(100));

        Assert.Equal([Ms(40)], Engine(sim, node).Polls);
    }

    [Fact]
    public void Invoke_DownNode_FalseWithoutCalling()
    {
        var sim = NewSimulator();
        var node = sim.AddNode(c => new RecordingEngine(c));
        sim.Crash(node);
        var called = false;

        Assert.False(sim.Invoke<RecordingEngine>(node, _ => called = true));
        Assert.False(called);
        Assert.Null(sim.GetEngine(node));
    }

    [Fact]
    public void Crash_PendingWakeUp_NeverPolled()
    {
        var sim = NewSimulator();
        var node = sim.AddNode(c =>
        {
            var engine = new RecordingEngine(c);
            engine.Arm(Ms(100));
            return engine;
        });
        var engine = Engine(sim, node);

        sim.At(Ms(50), () => sim.Crash(node));
        sim.RunUntil(TimeSpan.FromSeconds(1));

        Assert.Empty(engine.Polls);
        Assert.False(sim.IsUp(node));
        Assert.Equal(0, sim.UpCount);
        Assert.Equal(1, sim.Counters.Crashes);
    }

    [Fact]
    public void Rejoin_AfterCrash_FactoryBuildsNextIncarnationAtSameAddress()
    {
        var sim = NewSimulator();
        var contexts = new List<SimulatedNodeContext>();
        var node = sim.AddNode(c =>
        {
            contexts.Add(c);
            return new RecordingEngine(c);
        });

        Assert.False(sim.Rejoin(node));
        sim.RunUntil(Ms(10));
        sim.Crash(node);
        Assert.False(sim.Crash(node));
        sim.RunUntil(Ms(20));
        Assert.True(sim.Rejoin(node));

        Assert.Equal([0, 1], contexts.Select(c => c.Incarnation));
        Assert.Equal(contexts[0].Address, contexts[1].Address);
        Assert.NotEqual(contexts[0].Seed, contexts[1].Seed);
        Assert.Equal(Ms(20), contexts[1].Now);
        Assert.True(sim.IsUp(node));
        Assert.Equal(2, sim.Counters.Joins);
    }

    [Fact]
    public void Send_EngineOfACrashedIncarnation_Ignored()
    {
        var sim = NewSimulator();
        var a = sim.AddNode(c => new RecordingEngine(c));
        var b = sim.AddNode(c => new RecordingEngine(c));
        var old = Engine(sim, a);
        sim.Crash(a);
        sim.Rejoin(a);

        old.Send(b.Address, 1, 2, 3);
        sim.RunUntil(TimeSpan.FromSeconds(1));

        Assert.Empty(Engine(sim, b).Received);
        Assert.Equal(0, sim.Counters.PacketsSent);
    }

    [Fact]
    public void Leave_Farewell_ItsPacketsStillArrive()
    {
        var sim = NewSimulator();
        var a = sim.AddNode(c => new RecordingEngine(c));
        var b = sim.AddNode(c => new RecordingEngine(c));
        var changes = new List<(int, NodeChange)>();
        sim.NodeObserver = (node, change) => changes.Add((node.Index, change));

        Assert.True(sim.Leave(a, e => ((RecordingEngine)e).Send(b.Address, 9)));
        sim.RunUntil(TimeSpan.FromSeconds(1));

        Assert.Equal([(Ms(10), a.Address)], Engine(sim, b).Received.Select(r => (r.Time, r.From)));
        Assert.Equal([(0, NodeChange.Left)], changes);
        Assert.Equal(1, sim.Counters.Leaves);
        Assert.False(sim.Leave(a, null));
    }

    [Fact]
    public void Context_Time_ReadsTheVirtualClockAndMakesNoTimers()
    {
        var sim = NewSimulator();
        var node = sim.AddNode(c => new RecordingEngine(c));
        var time = Engine(sim, node).Context.Time;

        sim.RunUntil(TimeSpan.FromSeconds(90));

        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 1, 30, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), time.GetElapsedTime(0));
        Assert.Throws<NotSupportedException>(() => time.CreateTimer(_ => { }, null, Ms(1), Ms(1)));
    }

    [Fact]
    public void Node_OfAnotherSimulatorOrOutOfRange_Throws()
    {
        var sim = NewSimulator();
        sim.AddNode(c => new RecordingEngine(c));
        var other = new Simulator(new SimulationOptions { Port = 9000 });
        var foreign = other.AddNode(c => new RecordingEngine(c));

        Assert.Throws<ArgumentException>(() => sim.IsUp(foreign));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Node(1));
    }
}

/// <summary>Test helper: an engine that claims another address than it was given.</summary>
internal static class EngineExtensions
{
    public static IProtocolEngine WithAddress(this RecordingEngine engine, NodeAddress address) => new Relabelled(engine, address);

    private sealed class Relabelled(IProtocolEngine inner, NodeAddress address) : IProtocolEngine
    {
        public NodeAddress Address => address;

        public TimeSpan? NextDeadline => inner.NextDeadline;

        public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet) => inner.Receive(now, from, packet);

        public void Poll(TimeSpan now) => inner.Poll(now);
    }
}
