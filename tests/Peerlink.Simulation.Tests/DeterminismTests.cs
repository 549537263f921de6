using System.Buffers.Binary;
using System.Security.Cryptography;
using Peerlink.Core;

namespace Peerlink.Simulation.Tests;

/// <summary>The same seed gives the same run, delivery for delivery.</summary>
public class DeterminismTests
{
    /// <summary>
    /// 300 flooding nodes with everything random switched on: per-packet latency, jitter, loss,
    /// churn with graceful leaves, a partition that heals. Returns a hash of every packet's fate.
    /// </summary>
    private static (string Trace, long Events, long Delivered) Run(int seed)
    {
        var sim = new Simulator(new SimulationOptions
        {
            Seed = seed,
            Latency = LatencyModel.Uniform(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(150)),
            Jitter = TimeSpan.FromMilliseconds(30),
            Loss = 0.05,
        });
        using var trace = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var record = new byte[20];
        sim.PacketObserver = (time, from, to, packet, fate) =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(record, time.Ticks);
            from.WriteAddressBytes(record.AsSpan(8));
            to.WriteAddressBytes(record.AsSpan(12));
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(16), (int)fate);
            trace.AppendData(record);
            trace.AppendData(packet.Span);
        };

        var topology = new Random(seed);
        var nodes = new List<SimulatedNode>();
        for (var i = 0; i < 300; i++)
        {
            var neighbours = Enumerable.Range(0, 4).Select(_ => NodeAddress.FromIPv4(0xC612_0001 + (uint)topology.Next(300), 7080)).ToList();
            nodes.Add(sim.AddNode(c => new FloodEngine(c, neighbours, TimeSpan.FromMilliseconds(700)), reliable: i % 3 == 0));
        }

        sim.StartChurn(ChurnModel.Parse("session=exp:2m;down=exp:30s;graceful=0.3"), nodes.Skip(1), e => ((FloodEngine)e).Originate(sim.Now, 999));
        for (var message = 0u; message < 20; message++)
        {
            var id = message;
            sim.At(TimeSpan.FromSeconds(message), () => sim.Invoke<FloodEngine>(nodes[0], e => e.Originate(sim.Now, id)));
        }

        sim.At(TimeSpan.FromSeconds(5), () => sim.Partition(nodes.Take(100), nodes.Skip(200)));
        sim.At(TimeSpan.FromSeconds(12), sim.Heal);
        sim.RunUntil(TimeSpan.FromSeconds(30));
        return (Convert.ToHexString(trace.GetHashAndReset()), sim.Counters.EventsProcessed, sim.Counters.Packets(PacketFate.Delivered));
    }

    [Fact]
    public void Run_SameSeedTwice_IdenticalTrace()
    {
        var first = Run(7);
        var second = Run(7);

        Assert.Equal(first, second);
        Assert.True(first.Delivered > 10_000);
    }

    [Fact]
    public void Run_OtherSeed_DifferentTrace()
    {
        Assert.NotEqual(Run(7).Trace, Run(8).Trace);
    }
}
