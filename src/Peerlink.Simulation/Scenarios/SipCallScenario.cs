using System.Net;
using Peerlink.Core;
using Peerlink.Overlay;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;
using Peerlink.Sip.UserAgent;
using Peerlink.Wire;

namespace Peerlink.Simulation.Scenarios;

/// <summary>
/// Issue 8's call set-up measurement in the simulator: N hosts, each an overlay peer (Chord, tables
/// from the oracle as in <see cref="LookupScenario"/>) and a SIP user agent (<see cref="SipPeerNode"/>),
/// on one virtual network. Some register an address-of-record in the overlay, as
/// <c>peerlink sip register</c> does (a <see cref="SipRegistration"/> under hash(AOR), Cont-Type
/// SipRegistration). Then, per routing mode, callers look a callee up (LookupObject), pick the contact
/// by <see cref="SipLocationRules"/> and send the INVITE straight to it; the callee answers at once.
/// Each call is timed in two parts, lookup and SIP (INVITE sent to 200 OK received), and hung up.
/// Direct calls between random pairs to a known address give the baseline.
/// </summary>
public static class SipCallScenario
{
    // Registrations carry wall-clock stamps; virtual time starts here.
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the scenario; <paramref name="progress"/> hears what phase it is in.</summary>
    public static SipCallScenarioReport Run(SipCallScenarioOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Nodes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Users, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Users, options.Nodes);

        var nodeOptions = new OverlayNodeOptions { Wire = WireOptions.Default with { Cache = new DecodeCache(2 * options.Nodes) } };
        var idLength = nodeOptions.Wire.IdLength;
        var sim = new Simulator(new SimulationOptions { Seed = options.Seed, Latency = options.Latency });
        var random = new Random(options.Seed);
        var nodes = new List<SimulatedNode>(options.Nodes);
        progress?.Invoke($"creating {options.Nodes} hosts");
        for (var i = 0; i < options.Nodes; i++)
        {
            nodes.Add(sim.AddNode(c =>
            {
                var r = c.CreateRandom();
                var overlay = new OverlayNode(TopologyFactory.Create(OverlayAlgorithm.Chord, new PeerRef(NodeId.Random(r, idLength), c.Address), r), c.Sender, r, nodeOptions);
                return new SipPeerNode(overlay, c.Sender, r, $"user{c.Node.Index}");
            }));
        }

        LookupScenario.BuildTables(sim, nodes);

        // The callees register, each from its own host, as `peerlink sip register` would.
        progress?.Invoke($"registering {options.Users} users");
        var users = nodes.OrderBy(_ => random.Next()).Take(options.Users)
            .Select(n => (Node: n, Aor: SipUri.Parse($"sip:user{n.Index}@example.com"))).ToList();
        var registrationsFailed = 0;
        foreach (var (node, aor) in users)
        {
            var contact = SipUri.Parse($"sip:user{node.Index}@{node.Address}");
            var registration = new SipRegistration(aor, contact) { RegisteredAt = Clock(sim), Lifetime = 3600 };
            var obj = new ResourceObject(ContentType.SipRegistration, 0, ResourceId(aor, idLength), Bytes.Copy(SipRegistrationCodec.Encode(registration))) { Expires = 3600 };
            sim.At(sim.Now + TimeSpan.FromSeconds(10 * random.NextDouble()), () => On(sim, node, h => h.Overlay.Publish(sim.Now, obj, RoutingMode.Recursive, result => registrationsFailed += result.Succeeded ? 0 : 1)));
        }

        sim.RunFor(TimeSpan.FromSeconds(40));
        if (registrationsFailed > 0)
        {
            throw new InvalidOperationException($"{registrationsFailed} of {options.Users} registrations were not stored: the overlay is not healthy enough to measure calls");
        }

        var modes = new List<SipCallModeReport>();
        foreach (var routing in options.Routings)
        {
            progress?.Invoke($"{options.Calls} calls looked up with {routing.ToString().ToLowerInvariant()} routing");
            modes.Add(RunCalls(sim, nodes, users, options, random, routing));
        }

        progress?.Invoke($"{options.Calls} direct calls");
        var direct = RunCalls(sim, nodes, users, options, random, routing: null);
        return new SipCallScenarioReport(options.Nodes, modes, direct, sim.Counters.EventsProcessed);
    }

    private static SipCallModeReport RunCalls(Simulator sim, List<SimulatedNode> nodes, List<(SimulatedNode Node, SipUri Aor)> users, SipCallScenarioOptions options, Random random, RoutingMode? routing)
    {
        var lookups = new List<double>();
        var sips = new List<double>();
        var failures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var answered = 0;
        var start = sim.Now;
        void Fail(string reason) => failures[reason] = failures.GetValueOrDefault(reason) + 1;

        for (var i = 0; i < options.Calls; i++)
        {
            var at = start + (options.Duration * ((i + random.NextDouble()) / options.Calls));
            var (callee, aor) = users[random.Next(users.Count)];
            var caller = nodes[random.Next(nodes.Count)];
            while (caller.Index == callee.Index)
            {
                caller = nodes[random.Next(nodes.Count)];
            }

            sim.At(at, () =>
            {
                var issued = sim.Now;

                // INVITE to 200 OK; the call is then hung up (BYE), as a user would after "it rang".
                void Invite(string requestUri, IPEndPoint destination, double lookupMs)
                {
                    var sent = sim.Now;
                    On(sim, caller, h => h.Call(sim.Now, requestUri, destination, e =>
                    {
                        if (e is { Kind: SipUaEventKind.Answered, Call: { } call } && e.Status is >= 200 and < 300)
                        {
                            answered++;
                            lookups.Add(lookupMs);
                            sips.Add((sim.Now - sent).TotalMilliseconds);
                            sim.After(TimeSpan.Zero, () => On(sim, caller, h => h.Hangup(sim.Now, call)));
                        }
                        else if (e.Kind == SipUaEventKind.Answered || (e.Kind == SipUaEventKind.Ended && e.Call is { WasAnswered: false }))
                        {
                            Fail($"SIP {e.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "ended"}");
                        }
                    }));
                }

                if (routing is not { } mode)
                {
                    Invite($"sip:user{callee.Index}@{callee.Address}", callee.Address.ToEndPoint(), 0);
                    return;
                }

                On(sim, caller, h => h.Overlay.LookupObject(sim.Now, new RLookup(ContentType.SipRegistration, 0, ResourceId(aor, h.Overlay.Self.Id.Length)), mode, result =>
                {
                    var lookupMs = (sim.Now - issued).TotalMilliseconds;
                    if (!result.Succeeded)
                    {
                        Fail($"lookup {result.Code}");
                        return;
                    }

                    var values = result.Objects.Select(o => new SipStoredValue(o.Value.Memory, o.Expires is { } s ? TimeSpan.FromSeconds(s) : null, o.Owner?.ToString()));
                    var found = SipLocationRules.Select(aor, values, Clock(sim));
                    if (!found.IsRegistered)
                    {
                        Fail("not registered");
                        return;
                    }

                    var contact = found.Contacts[0].Registration.Contact;
                    sim.After(TimeSpan.Zero, () => Invite(contact.ToString(), new IPEndPoint(IPAddress.Parse(contact.Host), contact.Port ?? 5060), lookupMs));
                }));
            });
        }

        sim.RunUntil(start + options.Duration + TimeSpan.FromSeconds(40));
        var unanswered = options.Calls - answered - failures.Values.Sum();
        if (unanswered > 0)
        {
            failures["no answer"] = unanswered;
        }

        return new SipCallModeReport(routing, options.Calls, answered, lookups, sips, failures);
    }

    // Calls into a host through the simulator, which then reads its next deadline again.
    private static void On(Simulator sim, SimulatedNode node, Action<SipPeerNode> call) => sim.Invoke<IProtocolEngine>(node, e => call((SipPeerNode)e));

    private static DateTimeOffset Clock(Simulator sim) => Epoch + sim.Now;

    // As `peerlink sip register` keys it: the overlay's hash of the AOR's user@host.
    private static NodeId ResourceId(SipUri aor, int idLength) => IdHash.ToId(HashAlgorithmCode.Sha1, SipAor.Key(aor), idLength);
}
