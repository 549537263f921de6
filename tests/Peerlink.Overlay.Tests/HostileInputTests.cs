using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

/// <summary>Issue 3, "Bad input": fuzzed, replayed and misrouted datagrams while a normal workload runs.</summary>
public class HostileInputTests
{
    private static ResourceObject Value(int i) =>
        new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, $"k{i}"), Bytes.FromUtf8($"v{i}")) { Expires = 3600 };

    [Fact]
    public void Flood_FuzzedDatagramsDuringWorkload_NoValueLostAndEveryLookupAnswered() => Flood(checkLookupsAfterwards: false);

    [Fact]
    public void Flood_ThenLookupsFromEveryPeer_AllValuesFound() => Flood(checkLookupsAfterwards: true);

    private static void Flood(bool checkLookupsAfterwards)
    {
        var (net, nodes) = TestNetwork.Ring(16, seed: 21);
        var random = new Random(21);
        var stored = new List<OverlayResult>();
        for (var i = 0; i < 100; i++)
        {
            nodes[i % nodes.Count].Publish(net.Now, Value(i), RoutingMode.Recursive, stored.Add);
        }

        net.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(100, stored.Count(r => r.Succeeded));

        // Material for the flood: real messages the nodes exchanged, to mutate and replay.
        var samples = net.Sent.Where(p => p.Length > 20).Take(200).ToList();
        var attacker = NodeAddress.FromIPv4(0xC612_0EEE, 6666);
        var found = new List<OverlayResult>();
        for (var round = 0; round < 50; round++)
        {
            for (var k = 0; k < 40; k++)
            {
                var target = nodes[random.Next(nodes.Count)].Address;
                var packet = (random.Next(4)) switch
                {
                    0 => RandomBytes(random),
                    1 => MutateUntilMalformed(samples[random.Next(samples.Count)], random),
                    2 => samples[random.Next(samples.Count)], // replayed as is: recognised as duplicates or stale
                    _ => Truncate(samples[random.Next(samples.Count)], random),
                };
                net.Inject(attacker, target, packet);
            }

            var i = random.Next(100);
            nodes[random.Next(nodes.Count)].LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, Value(i).ResourceId), RoutingMode.Recursive, r =>
            {
                if (r.Succeeded && r.Objects.Any(o => o.Value == Value(i).Value))
                {
                    found.Add(r);
                }
            });
            net.Run(TimeSpan.FromMilliseconds(100));
        }

        net.Run(TimeSpan.FromSeconds(30));

        Assert.Equal(50, found.Count);
        Assert.True(nodes.Sum(n => n.Counters.Malformed) > 500, "the flood should have been counted as malformed");
        for (var i = 0; i < 100; i++)
        {
            var key = Value(i).ResourceId;
            var owner = nodes.OrderBy(n => NodeId.RingDistance(key, n.Self.Id)).First();
            Assert.Contains(owner.Store.Lookup(net.Now, new RLookup(ContentType.UserInfo, 0, key)), o => o.Value == Value(i).Value);
        }

        if (!checkLookupsAfterwards)
        {
            return;
        }

        var after = new List<OverlayResult>();
        var failures = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var index = i;
            nodes[(i * 5) % nodes.Count].LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, Value(i).ResourceId), RoutingMode.Recursive, r =>
            {
                if (r.Succeeded && r.Objects.Any(o => o.Value == Value(index).Value))
                {
                    after.Add(r);
                }
                else
                {
                    var key = Value(index).ResourceId;
                    var claim = string.Join(",", nodes.Where(n => n.Topology.Owns(key)).Select(n => $"{n.Self} pred {((Topologies.Chord.ChordTable)n.Topology).Predecessor} has {n.Store.Lookup(net.Now, new RLookup(ContentType.UserInfo, 0, key)).Count}"));
                    var owner = nodes.OrderBy(n => NodeId.RingDistance(key, n.Self.Id)).First();
                    failures.Add($"k{index} {key.ToString()[..8]}: {(int)r.Code}; owner {owner.Self}; claimers {claim}");
                }
            });
        }

        net.Run(TimeSpan.FromSeconds(60));
        Assert.True(after.Count == 100, string.Join("; ", failures));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        if (bytes.Length >= 8 && random.Next(2) == 0)
        {
            bytes[4] = 0x59; // often a P2PP magic cookie, so the packet reaches the object parser
            bytes[5] = 0x6a;
            bytes[6] = 0xbf;
            bytes[7] = 0x0d;
        }

        return bytes;
    }

    // Bit flips that the decoder refuses. (Flips that still decode are well-formed messages claiming
    // someone else's identity: without signatures, §7.2.1, no P2PP node can tell them apart.)
    private static byte[] MutateUntilMalformed(byte[] packet, Random random)
    {
        while (true)
        {
            var copy = (byte[])packet.Clone();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            }

            if (!P2ppCodec.TryDecode(copy, null, out _, out _))
            {
                return copy;
            }
        }
    }

    private static byte[] Truncate(byte[] packet, Random random) => packet[..random.Next(packet.Length)];
}
