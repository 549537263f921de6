using Peerlink.Core;
using Peerlink.Overlay;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Wire;

namespace Peerlink.Simulation.Scenarios;

/// <summary>
/// The overlay measurement of issue 3: N Chord peers running the real engine in the simulator, objects
/// published through the overlay, then lookups for them from random live peers, optionally under
/// churn, loss and black holes (issue 4: peers that stay in tables but swallow what they should
/// route, <see cref="LookupScenarioOptions.BlackHoles"/>). The starting overlay is built by an oracle
/// (every node's successors, predecessor and fingers are those of the complete ring, as p2psim's
/// static mode does), so that large overlays start without simulating N joins, or
/// (<see cref="JoinMode.Protocol"/>) by N joins through the protocol; under churn, nodes that come
/// back join through the protocol.
/// </summary>
public static class LookupScenario
{
    /// <summary>Runs the scenario; <paramref name="progress"/> hears what phase it is in.</summary>
    public static LookupScenarioReport Run(LookupScenarioOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Algorithm != OverlayAlgorithm.Chord && options.Join == JoinMode.Oracle)
        {
            throw new ArgumentException($"the oracle builds Chord tables only: run {options.Algorithm} with JoinMode.Protocol", nameof(options));
        }

        // One decode cache for every node: they all run on this thread and hear the same Peer-Infos.
        if (options.Node.Wire.Cache is null)
        {
            options = options with { Node = options.Node with { Wire = options.Node.Wire with { Cache = new DecodeCache(2 * options.Nodes) } } };
        }

        var sim = new Simulator(new SimulationOptions { Seed = options.Seed, Latency = options.Latency, Loss = options.Loss });
        var idLength = options.Node.Wire.IdLength;
        var random = new Random(options.Seed);
        var nodes = new List<SimulatedNode>(options.Nodes);
        var blackHoles = new BlackHoles(options);

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var joinsFailed = 0;
        if (options.Join == JoinMode.Protocol)
        {
            joinsFailed = JoinAll(sim, nodes, options, blackHoles, progress);
        }
        else
        {
            progress?.Invoke($"creating {options.Nodes} nodes");
            for (var i = 0; i < options.Nodes; i++)
            {
                nodes.Add(sim.AddNode(c => CreateNode(c, sim, nodes, options, blackHoles)));
            }

            progress?.Invoke("building the ring's tables");
            BuildTables(sim, nodes);
        }

        var joinTime = sim.Now;

        // What the formed overlay holds in memory (live objects after a full collection), apart from
        // the peak working set the caller can read: the engines' own state, per node.
        var formedHeap = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        // Black holes go dark once the overlay has formed, before the objects are published: peers in
        // every table that stop routing. Earlier, joins through them would fail and the measurement
        // would be of joining, not of lookups. They neither publish nor look up: their own operations
        // would measure nothing of the routing around them.
        blackHoles.Dark = true;
        var honest = nodes.Where(n => !blackHoles.Contains(n.Index)).ToList();
        var failures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        progress?.Invoke($"publishing {options.Objects} objects");
        var objects = Enumerable.Range(0, options.Objects)
            .Select(i => new ResourceObject(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, $"object-{options.Seed}-{i}", idLength), Bytes.FromUtf8($"value-{i}")) { Expires = 86_400 })
            .ToList();
        var publishWindow = TimeSpan.FromSeconds(Math.Max(1, options.Objects / 100.0));
        foreach (var obj in objects)
        {
            var from = honest[random.Next(honest.Count)];
            sim.At(sim.Now + (publishWindow * random.NextDouble()), () => Invoke(sim, sim.IsUp(from) ? from : honest.First(sim.IsUp), n => n.Publish(sim.Now, obj, options.Routing, result =>
            {
                if (!result.Succeeded)
                {
                    var reason = $"publish {result.Code}";
                    failures[reason] = failures.GetValueOrDefault(reason) + 1;
                }
            })));
        }

        sim.RunFor(publishWindow + TimeSpan.FromSeconds(30));
        if (options.Churn is { } churn)
        {
            sim.StartChurn(churn, nodes, farewell: e => BlackHoles.Unwrap(e).Leave(sim.Now));
        }

        sim.RunFor(options.Warmup);

        progress?.Invoke($"running {options.Lookups} lookups over {options.Duration}");
        var start = sim.Now;
        long maintenanceBytes = 0;
        sim.PacketObserver = (_, _, _, packet, _) =>
        {
            if (P2ppFixedHeader.TryRead(packet.Span, out var h) && h.RequestType is not (RequestType.Publish or RequestType.LookupObject))
            {
                maintenanceBytes += packet.Length;
            }
        };
        var hops = new List<int>();
        var latencies = new List<double>();
        var succeeded = 0;
        var blackHoleKeys = blackHoles.Owned(sim, objects.Select(o => o.ResourceId));

        // Objects no honest peer holds when the lookups begin (a publish that failed, or one that only
        // black holes took): a lookup for them fails whatever the routing does, and says so.
        var held = HeldByHonest();
        var notStored = objects.Select(o => o.ResourceId).Where(id => !held.Contains(id)).ToHashSet();
        var blackHoleKeyLookups = 0;
        var blackHoleKeySucceeded = 0;
        long liveNodeSamples = 0;
        var samples = 0;

        // Lookups not answered yet, by the engine that issued them: one whose node crashed or left
        // before the answer came is abandoned, not failed (nobody was left to receive the answer).
        var unanswered = new Dictionary<int, (SimulatedNode Node, IProtocolEngine? Engine)>();
        for (var i = 0; i < options.Lookups; i++)
        {
            var at = start + (options.Duration * ((i + random.NextDouble()) / options.Lookups));
            var obj = objects[random.Next(objects.Count)];
            var asker = honest[random.Next(honest.Count)];
            var lookup = i;
            sim.At(at, () =>
            {
                liveNodeSamples += sim.UpCount;
                samples++;
                var issued = sim.Now;
                // A user looks up once its node has joined: a node still joining (back from a down
                // time) knows no peer and could only answer for itself.
                var askerNode = IsMember(sim, asker) ? asker : honest.FirstOrDefault(n => IsMember(sim, n), honest.First(sim.IsUp));
                var ownedByBlackHole = blackHoleKeys.Contains(obj.ResourceId);
                blackHoleKeyLookups += ownedByBlackHole ? 1 : 0;
                unanswered[lookup] = (askerNode, sim.GetEngine(askerNode));
                Invoke(sim, askerNode, n => n.LookupObject(sim.Now, new RLookup(obj.ContentType, obj.SubType, obj.ResourceId), options.Routing, result =>
                {
                    unanswered.Remove(lookup);
                    if (result.Succeeded && result.Objects.Any(o => o.Value == obj.Value))
                    {
                        succeeded++;
                        blackHoleKeySucceeded += ownedByBlackHole ? 1 : 0;
                        hops.Add(result.Hops);
                        latencies.Add((sim.Now - issued).TotalMilliseconds);
                    }
                    else
                    {
                        var reason = (result.Succeeded ? "wrong value" : result.Code.ToString()) + (notStored.Contains(obj.ResourceId) ? " (not stored)" : string.Empty);
                        failures[reason] = failures.GetValueOrDefault(reason) + 1;
                    }
                }));
            });
        }

        sim.RunUntil(start + options.Duration + TimeSpan.FromMinutes(1));
        sim.PacketObserver = null;
        var abandoned = unanswered.Values.Count(u => sim.GetEngine(u.Node) != u.Engine);
        if (unanswered.Count > abandoned)
        {
            failures["no answer"] = unanswered.Count - abandoned;
        }

        var window = (sim.Now - start).TotalSeconds;
        var meanLive = samples == 0 ? sim.UpCount : (double)liveNodeSamples / samples;

        held = HeldByHonest();
        var lost = objects.Count(o => !held.Contains(o.ResourceId));
        var live = nodes.Where(sim.IsUp).Select(n => BlackHoles.Unwrap(sim.GetEngine(n)!)).ToList();
        var wrongSuccessors = WrongSuccessors(live);

        // The keys of the live objects that live honest peers hold: one pass over their stores, not a
        // search of every store for every object (at 100,000 peers, 10^8 searches).
        HashSet<NodeId> HeldByHonest() =>
            [.. honest.Where(sim.IsUp).SelectMany(n => BlackHoles.Unwrap(sim.GetEngine(n)!).Store.Where(sim.Now, _ => true)).Select(o => o.ResourceId)];

        return new LookupScenarioReport(
            options.Nodes,
            options.Lookups,
            succeeded,
            hops,
            latencies,
            maintenanceBytes / meanLive / window,
            lost,
            sim.Counters.EventsProcessed,
            sim.Now,
            joinsFailed,
            joinTime)
        {
            Failures = failures,
            WrongSuccessors = wrongSuccessors,
            Abandoned = abandoned,
            TableEntriesPerNode = live.Count == 0 ? 0 : live.Average(e => e.Topology.AllPeers.Count()),
            HeapBytesPerNode = Math.Max(0, formedHeap) / options.Nodes,
            BlackHoles = blackHoles.Count,
            BlackHoleDrops = blackHoles.Drops,
            BlackHoleKeyLookups = blackHoleKeyLookups,
            BlackHoleKeySucceeded = blackHoleKeySucceeded,
        };
    }

    // Protocol joins: nodes are added one by one, at most JoinRate a second and at most one per
    // member per maintenance interval, and each joins through a random node already in (what a
    // bootstrap server hands out). Nodes whose Join fails three times are crashed, so that
    // they take no part in what follows. Returns how many failed.
    private static int JoinAll(Simulator sim, List<SimulatedNode> nodes, LookupScenarioOptions options, BlackHoles blackHoles, Action<string>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.JoinRate);
        var random = new Random(unchecked(options.Seed * 31) + 1);
        var joined = new List<SimulatedNode>(options.Nodes);
        var failed = 0;
        var first = sim.AddNode(c => CreateNode(c, sim, nodes, options, blackHoles));
        nodes.Add(first);
        Invoke(sim, first, n => n.StartAlone(sim.Now));
        joined.Add(first);
        var step = TimeSpan.FromSeconds(1 / options.JoinRate);

        // As a real node would with the several peers a bootstrap server hands out: a Join that fails
        // (its path ran through peers that were themselves still settling) is tried through another.
        void Join(SimulatedNode node, int attempt)
        {
            var via = joined[random.Next(joined.Count)];
            Invoke(sim, node, n => n.Join(sim.Now, via.Address, result =>
            {
                if (result.Succeeded)
                {
                    joined.Add(node);
                }
                else if (attempt < 3)
                {
                    sim.After(TimeSpan.Zero, () => Join(node, attempt + 1));
                }
                else
                {
                    failed++;
                    sim.After(TimeSpan.Zero, () => sim.Crash(node));
                }
            }));
        }

        var report = Math.Max(1, options.Nodes / 10);
        for (var i = 1; i < options.Nodes; i++)
        {
            // A growing overlay takes in about one newcomer per member per stabilization round, not
            // hundreds a second into a handful of peers: the rate ramps up with the overlay's size.
            var perSecond = Math.Min(options.JoinRate, joined.Count / options.Node.MaintenanceInterval.TotalSeconds);
            sim.RunFor(perSecond >= options.JoinRate ? step : TimeSpan.FromSeconds(1 / perSecond));
            var node = sim.AddNode(c => CreateNode(c, sim, nodes, options, blackHoles));
            nodes.Add(node);
            Join(node, attempt: 1);
            if (i % report == 0)
            {
                progress?.Invoke($"{i} of {options.Nodes} nodes added, {joined.Count} joined, {failed} failed");
            }
        }

        // The last joins finish, and stabilisation takes one more round everywhere.
        sim.RunFor(options.Node.MaintenanceInterval * 2);
        progress?.Invoke($"{joined.Count} of {options.Nodes} joined ({failed} failed) by {sim.Now} of simulated time");
        return failed;
    }

    // How long a node whose Join failed waits before it tries again.
    private static readonly TimeSpan RejoinPause = TimeSpan.FromSeconds(5);

    private static IProtocolEngine CreateNode(SimulatedNodeContext c, Simulator sim, List<SimulatedNode> nodes, LookupScenarioOptions options, BlackHoles blackHoles)
    {
        var random = c.CreateRandom();
        var node = new OverlayNode(TopologyFactory.Create(options.Algorithm, new PeerRef(NodeId.Random(random, options.Node.Wire.IdLength), c.Address), random), c.Sender, random, options.Node);
        if (c.Incarnation > 0)
        {
            // Back from a down time: a new identity, joining through a live peer. A Join that fails
            // (a hop of its path left, the answer was lost) is tried again as a real node would,
            // after a pause and as a fresh node: this one may have been admitted while its answer
            // was lost, and under the same ID it would be routed its own Join.
            var via = nodes.Where(n => n.Index != c.Node.Index && sim.IsUp(n)).Skip(random.Next(Math.Max(1, sim.UpCount - 1))).FirstOrDefault();
            if (via.Address != default)
            {
                node.Join(c.Now, via.Address, result =>
                {
                    if (!result.Succeeded)
                    {
                        sim.After(RejoinPause, () =>
                        {
                            if (sim.GetEngine(c.Node) is { } engine && BlackHoles.Unwrap(engine) == node && sim.Crash(c.Node))
                            {
                                sim.Rejoin(c.Node);
                            }
                        });
                    }
                });
            }
            else
            {
                node.StartAlone(c.Now);
            }
        }

        return blackHoles.Wrap(c.Node.Index, node);
    }

    private static bool IsMember(Simulator sim, SimulatedNode node) => sim.GetEngine(node) is { } e && BlackHoles.Unwrap(e).IsMember;

    // Calls into a node's overlay engine, behind its black hole if it is one.
    private static bool Invoke(Simulator sim, SimulatedNode node, Action<OverlayNode> call) =>
        sim.Invoke<IProtocolEngine>(node, e => call(BlackHoles.Unwrap(e)));

    // Whether the ring has settled: each live Chord peer's successor against the true ring's.
    private static int WrongSuccessors(IEnumerable<OverlayNode> live)
    {
        var ring = live.Where(e => e.Topology is ChordTable).OrderBy(e => e.Self.Id).ToList();
        var wrong = 0;
        for (var i = 0; i < ring.Count; i++)
        {
            if (((ChordTable)ring[i].Topology).Successor?.Id != ring[(i + 1) % ring.Count].Self.Id)
            {
                wrong++;
            }
        }

        return ring.Count > 1 ? wrong : 0;
    }

    // The complete ring: each node gets its predecessor, r successors and the successor of every
    // finger start, as the Chord protocol would converge to without churn.
    internal static void BuildTables(Simulator sim, List<SimulatedNode> nodes)
    {
        var engines = nodes.Select(n => BlackHoles.Unwrap(sim.GetEngine(n)!)).ToList();
        var ring = engines.Select(e => e.Self).OrderBy(p => p.Id).ToArray();
        var ids = ring.Select(p => p.Id).ToArray();
        for (var k = 0; k < engines.Count; k++)
        {
            var engine = engines[k];
            var table = (ChordTable)engine.Topology;
            var index = Array.BinarySearch(ids, engine.Self.Id);
            table.Observe(ring[(index - 1 + ring.Length) % ring.Length]);
            for (var s = 1; s <= table.SuccessorCount && s < ring.Length; s++)
            {
                table.Observe(ring[(index + s) % ring.Length]);
            }

            for (var f = 0; f < engine.Self.Id.BitLength; f++)
            {
                var start = table.FingerStart(f);
                var at = Array.BinarySearch(ids, start);
                table.Observe(ring[(at >= 0 ? at : ~at) % ring.Length]);
            }

            Invoke(sim, nodes[k], n => n.StartAlone(sim.Now));
        }
    }
}
