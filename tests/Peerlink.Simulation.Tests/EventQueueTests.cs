using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Peerlink.Simulation.Tests;

public class EventQueueTests
{
    [Fact]
    public void TryDequeue_SameTime_InSchedulingOrder()
    {
        var queue = new EventQueue();
        for (var i = 0; i < 100; i++)
        {
            queue.Schedule(5, SimulationEvent.Action(i));
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.True(queue.TryDequeue(out var item, out var time));
            Assert.Equal(5, time);
            Assert.Equal(i, item.Aux);
        }

        Assert.False(queue.TryDequeue(out _, out _));
    }

    [Fact]
    public void TryPeekTime_MixedTimes_EarliestWithoutRemoving()
    {
        var queue = new EventQueue();
        queue.Schedule(30, SimulationEvent.Action(0));
        queue.Schedule(10, SimulationEvent.Action(1));
        queue.Schedule(20, SimulationEvent.Action(2));

        Assert.True(queue.TryPeekTime(out var time));
        Assert.Equal(10, time);
        Assert.Equal(3, queue.Count);
    }

    [Property(Replay = Replay.Seed, MaxTest = 300)]
    public Property TryDequeue_AnyTimes_ByTimeThenSchedulingOrder() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(0, 20)).Select(times => times.ToArray()).ToArbitrary(),
            times =>
            {
                var queue = new EventQueue();
                for (var i = 0; i < times.Length; i++)
                {
                    queue.Schedule(times[i], SimulationEvent.Action(i));
                }

                var order = new List<int>();
                while (queue.TryDequeue(out var item, out _))
                {
                    order.Add(item.Aux);
                }

                // LINQ's OrderBy is a stable sort: the reference answer.
                var expected = Enumerable.Range(0, times.Length).OrderBy(i => times[i]).ToList();
                return order.SequenceEqual(expected);
            });
}
