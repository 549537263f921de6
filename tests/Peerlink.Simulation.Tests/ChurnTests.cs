using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation.Tests;

public class ChurnTests
{
    [Fact]
    public void StartChurn_EqualSessionAndDownTimes_AboutHalfUpWithLeavesAndCrashes()
    {
        var sim = new Simulator(new SimulationOptions { Seed = 21 });
        var nodes = Enumerable.Range(0, 1000).Select(_ => sim.AddNode(c => new RecordingEngine(c))).ToList();
        var farewells = 0;
        var model = ChurnModel.Parse("session=exp:10m;graceful=0.5");

        sim.StartChurn(model, nodes, _ => farewells++);
        sim.RunUntil(TimeSpan.FromHours(3));

        // Availability session / (session + down) = 1/2; by 3 h (18 medians) the start is forgotten.
        Assert.InRange(sim.UpCount, 430, 570);
        Assert.Equal(sim.UpCount, nodes.Count(sim.IsUp));

        // About 3 h / (2 x 14.4 min mean) = 6.2 departures per node.
        var departures = sim.Counters.Leaves + sim.Counters.Crashes;
        Assert.InRange(departures, 5500, 7000);
        Assert.InRange(sim.Counters.Leaves / (double)departures, 0.45, 0.55);
        Assert.Equal(sim.Counters.Leaves, farewells);
        Assert.Equal(1000 + departures - (1000 - sim.UpCount), sim.Counters.Joins);
    }

    [Fact]
    public void StartChurn_ParetoSessions_MedianSessionNearConfigured()
    {
        var sim = new Simulator(new SimulationOptions { Seed = 4 });
        var nodes = Enumerable.Range(0, 2000).Select(_ => sim.AddNode(c => new RecordingEngine(c))).ToList();
        var startedAt = new Dictionary<int, TimeSpan>();
        var sessions = new List<double>();
        sim.NodeObserver = (node, change) =>
        {
            if (change == NodeChange.Joined)
            {
                startedAt[node.Index] = sim.Now;
            }
            else
            {
                sessions.Add((sim.Now - startedAt.GetValueOrDefault(node.Index)).TotalMinutes);
            }
        };

        sim.StartChurn(ChurnModel.Parse("session=pareto:30m,shape=2;down=exp:1m"), nodes);
        sim.RunUntil(TimeSpan.FromHours(2));

        // Sessions still running at the end are not counted, which shortens the sample; few of them are that long.
        sessions.Sort();
        Assert.True(sessions.Count > 5000);
        Assert.InRange(sessions[sessions.Count / 2], 27, 31);
    }

    [Fact]
    public void StartChurn_Rejoin_FactoryCalledWithNewIncarnationAndSeed()
    {
        var sim = new Simulator(new SimulationOptions { Seed = 2 });
        var contexts = new List<SimulatedNodeContext>();
        var node = sim.AddNode(c =>
        {
            contexts.Add(c);
            return new RecordingEngine(c);
        });

        sim.StartChurn(ChurnModel.Parse("session=exp:1m"), [node]);
        sim.RunUntil(TimeSpan.FromHours(1));

        Assert.True(contexts.Count > 10);
        Assert.Equal(Enumerable.Range(0, contexts.Count), contexts.Select(c => c.Incarnation));
        Assert.Equal(contexts.Count, contexts.Select(c => c.Seed).Distinct().Count());
        Assert.All(contexts, c => Assert.Equal(node.Address, c.Address));
    }

    [Fact]
    public void StartChurn_NodeCrashedByHand_LeavesChurn()
    {
        var sim = new Simulator(new SimulationOptions { Seed = 2 });
        var node = sim.AddNode(c => new RecordingEngine(c));
        sim.StartChurn(ChurnModel.Parse("session=exp:1m"), [node]);

        sim.Crash(node);
        sim.RunUntil(TimeSpan.FromHours(1));

        Assert.False(sim.IsUp(node));
        Assert.Equal(1, sim.Counters.Joins);
    }

    [Fact]
    public void StartChurn_NodeDown_StartsWithADownTime()
    {
        var sim = new Simulator(new SimulationOptions { Seed = 2 });
        var node = sim.AddNode(c => new RecordingEngine(c));
        sim.Crash(node);

        sim.StartChurn(ChurnModel.Parse("session=exp:1h;down=exp:1s"), [node]);
        sim.RunUntil(TimeSpan.FromMinutes(1));

        Assert.True(sim.IsUp(node));
    }

    [Fact]
    public void StartChurn_GracefulLeave_FarewellPacketsSent()
    {
        var sim = new Simulator(new SimulationOptions { Seed = 3 });
        var sink = sim.AddNode(c => new RecordingEngine(c));
        var leaver = sim.AddNode(c => new RecordingEngine(c));
        void Farewell(IProtocolEngine engine) => ((RecordingEngine)engine).Send(sink.Address, 0xB7);

        sim.StartChurn(ChurnModel.Parse("session=exp:1m;down=exp:1m;graceful=1"), [leaver], Farewell);
        sim.RunUntil(TimeSpan.FromMinutes(30));

        var received = ((RecordingEngine)sim.GetEngine(sink)!).Received;
        Assert.Equal(sim.Counters.Leaves, received.Count);
        Assert.True(received.Count > 5);
        Assert.Equal(0, sim.Counters.Crashes);
    }
}
