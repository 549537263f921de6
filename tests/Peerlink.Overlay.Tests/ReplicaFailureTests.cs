using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

/// <summary>
/// Issue 4, "no object lost with fewer than r replica failures", on each geometry: with r = 3 copies
/// beside the owner's, any two holders of an object may crash at once and every object is still found.
/// </summary>
public class ReplicaFailureTests
{
    private static ResourceObject Value(int i) =>
        new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, $"key{i}"), Bytes.FromUtf8($"value{i}")) { Expires = 3600 };

    private static RLookup Query(int i) => new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, $"key{i}"));

    private static OverlayResult Do(TestNetwork net, Action<Action<OverlayResult>> start)
    {
        OverlayResult? result = null;
        start(r => result = r);
        net.Run(TimeSpan.FromSeconds(60));
        return result ?? throw new InvalidOperationException("the operation never finished");
    }

    [Theory]
    [InlineData(OverlayAlgorithm.Chord, RoutingMode.Recursive)]
    [InlineData(OverlayAlgorithm.Pastry, RoutingMode.Recursive)]
    [InlineData(OverlayAlgorithm.Kademlia, RoutingMode.Parallel)]
    public void Crash_TwoHoldersOfEachObjectAtOnce_EveryObjectIsStillFound(OverlayAlgorithm algorithm, RoutingMode mode)
    {
        const int count = 40, objects = 12;
        var net = new TestNetwork(5);
        var random = new Random(5);
        var tables = Enumerable.Range(0, count).Select(i => TopologyFactory.Create(
            algorithm, new PeerRef(NodeId.Random(random, 20), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, 7080)), new Random(i + 1)));
        var nodes = net.JoinOneByOne(tables, random);
        net.Run(TimeSpan.FromMinutes(3));
        for (var i = 0; i < objects; i++)
        {
            var put = Do(net, done => nodes[i % count].Publish(net.Now, Value(i), mode, done));
            Assert.True(put.Succeeded, $"key{i}: {put.Failure}");
        }

        net.Run(TimeSpan.FromMinutes(1)); // replication rounds

        // Victims: two holders of as many objects as possible, never more than two of any object's.
        var holders = Enumerable.Range(0, objects).Select(i => nodes.Where(n => n.Store.Lookup(net.Now, Query(i)).Count > 0).ToList()).ToList();
        Assert.All(holders, h => Assert.True(h.Count >= 3, $"only {h.Count} copies"));
        var victims = new HashSet<OverlayNode>();
        foreach (var h in holders)
        {
            foreach (var candidate in h.Where(n => !victims.Contains(n)).Take(2 - h.Count(victims.Contains)))
            {
                if (holders.All(other => other.Count(victims.Contains) + (other.Contains(candidate) ? 1 : 0) <= 2))
                {
                    victims.Add(candidate);
                }
            }
        }

        Assert.True(victims.Count >= 6, $"only {victims.Count} victims");
        foreach (var victim in victims)
        {
            net.Crash(victim);
        }

        var live = nodes.Where(n => !victims.Contains(n)).ToList();
        net.Run(TimeSpan.FromMinutes(3));
        for (var i = 0; i < objects; i++)
        {
            var get = Do(net, done => live[i % live.Count].LookupObject(net.Now, Query(i), mode, done));
            Assert.True(get.Succeeded, $"key{i} after {victims.Count} crashes: {get.Failure}");
        }
    }
}
