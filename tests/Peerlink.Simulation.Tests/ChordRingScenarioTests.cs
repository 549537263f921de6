using Peerlink.Core;
using Peerlink.Overlay;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Chord;
using Xunit.Abstractions;

namespace Peerlink.Simulation.Tests;

public class ChordRingScenarioTests(ITestOutputHelper output)
{
    private const int Count = 200;

    [Fact]
    public void Join_TwoHundredNodesFifteenSecondsApart_RingIsCorrect()
    {
        var sim = new Simulator(new SimulationOptions { Seed = 3 });
        var nodes = new List<SimulatedNode>();
        for (var i = 0; i < Count; i++)
        {
            var node = sim.AddNode(c =>
            {
                var random = c.CreateRandom();
                return new OverlayNode(new ChordTable(new PeerRef(NodeId.Random(random, 20), c.Address)), c.Sender, random);
            });
            if (i == 0)
            {
                sim.Invoke<OverlayNode>(node, n => n.StartAlone(sim.Now));
            }
            else
            {
                var via = nodes[i / 2].Address;
                var index = i;
                sim.Invoke<OverlayNode>(node, n => n.Join(sim.Now, via, r =>
                {
                    if (!r.Succeeded)
                    {
                        output.WriteLine($"join {index} failed: {r.Failure}");
                    }
                }));
            }

            nodes.Add(node);
            sim.RunFor(TimeSpan.FromSeconds(15));
        }

        sim.RunFor(TimeSpan.FromMinutes(5));
        var engines = nodes.Select(n => (OverlayNode)sim.GetEngine(n)!).ToList();
        var ring = engines.Select(e => e.Self.Id).Order().ToList();
        var wrong = 0;
        foreach (var e in engines)
        {
            var chord = (ChordTable)e.Topology;
            var index = ring.IndexOf(e.Self.Id);
            var expected = ring[(index + 1) % ring.Count];
            if (chord.Successor?.Id != expected)
            {
                wrong++;
                if (wrong < 6)
                {
                    var exp = (ChordTable)engines.Single(x => x.Self.Id == expected).Topology;
                    output.WriteLine($"{e.Self}: successor {chord.Successor} expected {expected}; pred {chord.Predecessor}; succs {string.Join(",", chord.Successors.Take(3))}");
                    output.WriteLine($"   expected one: pred {exp.Predecessor}; succs {string.Join(",", exp.Successors.Take(3))}; member {engines.Single(x => x.Self.Id == expected).IsMember}");
                    var succ = (ChordTable)engines.Single(x => x.Self.Id == chord.Successor!.Value.Id).Topology;
                    output.WriteLine($"   its successor: pred {succ.Predecessor}");
                }
            }
        }

        output.WriteLine($"declared dead: {engines.Sum(e => e.Counters.PeersDeclaredDead)}, unmatched {engines.Sum(e => e.Counters.Unmatched)}, retransmitted {engines.Sum(e => e.Counters.Retransmitted)}");
        var cycles = 0;
        var seen = new HashSet<NodeId>();
        foreach (var e in engines)
        {
            if (seen.Contains(e.Self.Id))
            {
                continue;
            }

            var at = e;
            var path = new HashSet<NodeId>();
            while (path.Add(at.Self.Id) && !seen.Contains(at.Self.Id))
            {
                var next = ((ChordTable)at.Topology).Successor;
                if (next is null)
                {
                    break;
                }

                at = engines.Single(x => x.Self.Id == next.Value.Id);
            }

            if (path.Contains(at.Self.Id) && !seen.Contains(at.Self.Id))
            {
                cycles++;
            }

            seen.UnionWith(path);
        }

        output.WriteLine($"successor cycles: {cycles}");
        Assert.Equal(0, wrong);
    }
}
