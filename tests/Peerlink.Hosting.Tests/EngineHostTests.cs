using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Peerlink.Core;

namespace Peerlink.Hosting.Tests;

/// <summary>The loop, with an in-memory transport: no sockets, and virtual time where it matters.</summary>
public sealed class EngineHostTests : IDisposable
{
    private static readonly NodeAddress Self = NodeAddress.FromIPv4(0x7F000001, 5000);
    private static readonly NodeAddress Peer = NodeAddress.FromIPv4(0x7F000001, 5001);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Poll_FakeClock_CalledAtNextDeadlineNotBefore()
    {
        var time = new FakeTimeProvider();
        var (host, engine, _) = Create(time);
        await using var _1 = host;
        engine.Deadline = TimeSpan.FromSeconds(5);
        await host.StartAsync(Ct);

        time.Advance(TimeSpan.FromSeconds(4));
        // The inbox is FIFO and the loop checks the deadline before each item: at 4 s nothing is due.
        Assert.Equal(0L, await host.InvokeAsync(_ => host.Counters.Polls, Ct));

        time.Advance(TimeSpan.FromSeconds(1));
        var polledAt = await engine.Polls.ReadAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(5), polledAt);
    }

    [Fact]
    public async Task Poll_DeadlineMovesAfterEachPoll_FollowsIt()
    {
        var time = new FakeTimeProvider();
        var (host, engine, _) = Create(time);
        await using var _1 = host;
        engine.Deadline = TimeSpan.FromMilliseconds(100);
        engine.OnPoll = now => now + TimeSpan.FromMilliseconds(100);
        await host.StartAsync(Ct);

        var seen = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            seen.Add(await engine.Polls.ReadAsync(Ct));
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(i => TimeSpan.FromMilliseconds(100 * i)), seen);
    }

    [Fact]
    public async Task Poll_DeadlineSetByReceive_ArmsTheTimer()
    {
        var time = new FakeTimeProvider();
        var (host, engine, transport) = Create(time);
        await using var _1 = host;
        await host.StartAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(1));

        // While the loop waits with no deadline, work sets one two seconds ahead.
        await host.InvokeAsync(now => engine.Deadline = now + TimeSpan.FromSeconds(2), Ct);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(3), await engine.Polls.ReadAsync(Ct));
        Assert.True(transport.Deliver(Peer, Frames.Indication(1)));
        Assert.Equal(1, await host.InvokeAsync(_ => engine.Received, Ct));
    }

    [Fact]
    public async Task Poll_RealClock_ShortDeadlineReached()
    {
        var (host, engine, _) = Create(TimeProvider.System);
        await using var _1 = host;
        engine.Deadline = TimeSpan.FromMilliseconds(50);
        await host.StartAsync(Ct);

        var polledAt = await engine.Polls.ReadAsync(Ct);

        Assert.True(polledAt >= TimeSpan.FromMilliseconds(50), $"polled at {polledAt}");
        Assert.True(host.Now >= polledAt);
    }

    [Fact]
    public async Task Receive_EngineThrows_LoggedCountedAndLoopGoesOn()
    {
        var logs = new CapturingLoggerFactory();
        var (host, engine, transport) = Create(TimeProvider.System, logs);
        await using var _1 = host;
        engine.ThrowOnTransaction = 2;
        await host.StartAsync(Ct);

        transport.Deliver(Peer, Frames.Request(1));
        transport.Deliver(Peer, Frames.Request(2));
        transport.Deliver(Peer, Frames.Request(3));

        var replies = new List<uint>();
        for (var i = 0; i < 2; i++)
        {
            replies.Add(Frames.TransactionId((await transport.Sent.ReadAsync(Ct)).Packet));
        }

        Assert.Equal([1u, 3u], replies);
        await host.InvokeAsync(_ => 0, Ct); // the loop is past the third packet's bookkeeping
        Assert.Equal(1, host.Counters.EngineFaults);
        Assert.Equal(2, host.Counters.PacketsDelivered);
        var fault = Assert.Single(logs.Entries, e => e.EventId.Id == 4010);
        Assert.Equal(LogLevel.Error, fault.Level);
        Assert.IsType<InvalidOperationException>(fault.Exception);
        Assert.Contains($"Node {Self}", fault.Scopes);
    }

    [Fact]
    public async Task Poll_EngineThrows_BacksOffThenPollsAgain()
    {
        var time = new FakeTimeProvider();
        var (host, engine, _) = Create(time, options: new EngineHostOptions { FaultBackoff = TimeSpan.FromMilliseconds(100) });
        await using var _1 = host;
        engine.Deadline = TimeSpan.FromSeconds(1);
        var calls = 0;
        engine.OnPoll = now => ++calls == 1 ? throw new InvalidOperationException("poll fault") : null;
        await host.StartAsync(Ct);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), await engine.Polls.ReadAsync(Ct));

        // The deadline is still 1 s (the throwing Poll set nothing), but the next try waits out the backoff.
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0L, await host.InvokeAsync(_ => host.Counters.Polls, Ct));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(1100), await engine.Polls.ReadAsync(Ct));
        Assert.Equal(1L, await host.InvokeAsync(_ => host.Counters.Polls, Ct));
        Assert.Equal(1, host.Counters.EngineFaults);
    }

    [Fact]
    public async Task InvokeAsync_ManyCallersAndPackets_SerialisedOnTheLoop()
    {
        var (host, engine, transport) = Create(TimeProvider.System, options: new EngineHostOptions { InboxCapacity = 64 });
        await using var _1 = host;
        await host.StartAsync(Ct);
        var counter = 0; // touched only on the loop, without locks

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await host.InvokeAsync(now => counter++, Ct);
            }
        }, Ct)).ToList();
        var delivered = 0;
        var sender = Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                delivered += transport.Deliver(Peer, Frames.Indication((uint)i)) ? 1 : 0;
            }
        }, Ct);
        await Task.WhenAll([.. callers, sender]).WaitAsync(Ct);

        Assert.Equal(1600, await host.InvokeAsync(_ => counter, Ct));
        Assert.Equal(delivered, await host.InvokeAsync(_ => engine.Received, Ct));
        Assert.Equal(0, transport.Counters.ReceivesDropped);
        Assert.Equal(0, engine.Overlaps);
    }

    [Fact]
    public async Task InvokeAsync_WorkThrows_CallerSeesItAndLoopGoesOn()
    {
        var (host, _, _) = Create(TimeProvider.System);
        await using var _1 = host;
        await host.StartAsync(Ct);

        await Assert.ThrowsAsync<FormatException>(() => host.InvokeAsync<int>(_ => throw new FormatException(), Ct));

        Assert.Equal(42, await host.InvokeAsync(_ => 42, Ct));
        Assert.Equal(0, host.Counters.EngineFaults);
    }

    [Fact]
    public async Task InvokeAsync_BeforeStart_RunsOnceStarted()
    {
        var time = new FakeTimeProvider();
        var (host, _, _) = Create(time);
        await using var _1 = host;
        time.Advance(TimeSpan.FromSeconds(3));

        var early = host.InvokeAsync(now => now, Ct);
        Assert.False(early.IsCompleted);
        await host.StartAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(3), await early.WaitAsync(Ct));
    }

    [Fact]
    public async Task InvokeAsync_AfterStop_Cancelled()
    {
        var (host, _, _) = Create(TimeProvider.System);
        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.InvokeAsync(_ => 1, Ct));
        await host.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => { _ = host.InvokeAsync(_ => 1, Ct); });
    }

    [Fact]
    public async Task InvokeAsync_TokenCancelledBeforeItRuns_NeverRuns()
    {
        var (host, _, _) = Create(TimeProvider.System);
        await using var _1 = host;
        using var cancelled = new CancellationTokenSource();
        var ran = false;
        var work = host.InvokeAsync(_ => ran = true, cancelled.Token);
        await cancelled.CancelAsync();
        await host.StartAsync(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
        await host.InvokeAsync(_ => 0, Ct);
        Assert.False(ran);
    }

    [Fact]
    public async Task InvokeOperationAsync_EngineReportsLater_CompletesWithItsResult()
    {
        var (host, _, _) = Create(TimeProvider.System);
        await using var _1 = host;
        await host.StartAsync(Ct);
        Action<int>? report = null; // what an engine keeps until its transaction ends

        var operation = host.InvokeOperationAsync<int>((now, done) => report = done, Ct);
        await host.InvokeAsync(_ => 0, Ct);
        Assert.False(operation.IsCompleted);
        await host.InvokeAsync(_ => report!(42), Ct);

        Assert.Equal(42, await operation.WaitAsync(Ct));
    }

    [Fact]
    public async Task InvokeOperationAsync_HostStopsFirst_Cancelled()
    {
        var (host, _, _) = Create(TimeProvider.System);
        await host.StartAsync(Ct);

        var operation = host.InvokeOperationAsync<int>((now, done) => { }, Ct);
        await host.InvokeAsync(_ => 0, Ct);
        await host.StopAsync(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => operation.WaitAsync(Ct));
        await host.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_FinalAction_RunsOnLoopThenDrainsThenCloses()
    {
        var (host, engine, transport) = Create(TimeProvider.System);
        await host.StartAsync(Ct);

        await host.StopAsync(now => engine.Sender.Send(Peer, Frames.Indication(99)), Ct);

        var (to, packet) = await transport.Sent.ReadAsync(Ct);
        Assert.Equal(Peer, to);
        Assert.Equal(99u, Frames.TransactionId(packet));
        Assert.Equal(["start", "send", "drain", "dispose"], transport.Calls);
        await host.DisposeAsync(); // again: no-op
        Assert.Equal(4, transport.Calls.Count);
    }

    [Fact]
    public async Task StopAsync_FinalActionThrows_StillStopsAndCounts()
    {
        var (host, _, transport) = Create(TimeProvider.System);
        await host.StartAsync(Ct);

        await host.StopAsync(_ => throw new InvalidOperationException("leave failed"), Ct);

        Assert.Equal(1, host.Counters.EngineFaults);
        Assert.Contains("dispose", transport.Calls);
        Assert.False(transport.Deliver(Peer, Frames.Indication(1)));
    }

    [Fact]
    public async Task StopAsync_NeverStarted_ClosesTransportAndCancelsQueuedWork()
    {
        var (host, _, transport) = Create(TimeProvider.System);
        var queued = host.InvokeAsync(_ => 1, Ct);

        await host.StopAsync(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(["dispose"], transport.Calls);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Ct));
    }

    [Fact]
    public async Task Receive_InboxFull_TryReceiveRefusesWithoutBlocking()
    {
        var time = new FakeTimeProvider();
        var (host, _, transport) = Create(time, options: new EngineHostOptions { InboxCapacity = 4 });
        await using var _1 = host;
        await host.StartAsync(Ct);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = host.InvokeAsync(_ => gate.Task.Wait(Ct), Ct); // holds the loop

        var accepted = Enumerable.Range(0, 10).Count(i => transport.Deliver(Peer, Frames.Indication((uint)i)));
        gate.SetResult();
        await blocked.WaitAsync(Ct);

        Assert.InRange(accepted, 3, 4); // the blocking item may or may not have left the inbox yet
    }

    [Fact]
    public async Task Constructor_Now_StartsAtZeroAndFollowsTheProvider()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(30));
        var (host, _, _) = Create(time);
        await using var _1 = host;

        Assert.Equal(TimeSpan.Zero, host.Now);
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(TimeSpan.FromMinutes(3), host.Now);
        Assert.Equal(Self, host.Address);
    }

    private static (EngineHost Host, TestEngine Engine, InMemoryTransport Transport) Create(
        TimeProvider time, ILoggerFactory? logs = null, EngineHostOptions? options = null)
    {
        var transport = new InMemoryTransport(Self);
        var engine = new TestEngine(transport.LocalAddress, transport);
        return (new EngineHost(engine, transport, options, time, logs), engine, transport);
    }
}
