using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Hosting;

/// <summary>
/// Drives one sans-IO engine with a real clock and one transport: the engine's thread. A single loop
/// reads one bounded inbox (received packets and work from <see cref="InvokeAsync{T}"/>), so every
/// call into the engine is serialised; after each call it reads <see cref="IProtocolEngine.NextDeadline"/>
/// and waits for whichever comes first, the next inbox item or that deadline, then calls
/// <see cref="IProtocolEngine.Poll"/>. Time is the injected <see cref="TimeProvider"/>'s monotonic
/// timestamp, as a <see cref="TimeSpan"/> since this host was created (<see cref="Now"/>).
/// </summary>
/// <remarks>
/// Build the transport first, then the engine with the transport as its <see cref="IPacketSender"/>
/// and <see cref="IPacketTransport.LocalAddress"/> (or the address peers should use) as its address,
/// then the host. The host owns the transport: stopping the host closes it. An exception thrown by
/// the engine is logged and counted (<see cref="EngineHostCounters.EngineFaults"/>) and the loop goes
/// on; the packet that caused it is dropped.
/// <code>
/// var transport = new UdpTransport(new UdpTransportOptions { EndPoint = new(IPAddress.Loopback, 7081) });
/// var engine = new MyEngine(transport.LocalAddress, transport);
/// await using var host = new EngineHost(engine, transport);
/// await host.StartAsync(ct);
/// var value = await host.InvokeAsync(now => engine.Get(now, key), ct);
/// await host.StopAsync(now => engine.Leave(now), ct);
/// </code>
/// </remarks>
public sealed class EngineHost : IAsyncDisposable
{
    private const int MaxArmingAttempts = 4;
    private static readonly TimeSpan ArmingTolerance = TimeSpan.FromMilliseconds(1);

    private readonly IProtocolEngine _engine;
    private readonly IPacketTransport _transport;
    private readonly EngineHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly Channel<InboxItem> _inbox;
    private readonly ITimer _wakeTimer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private Task? _stopped;
    private bool _running;
    private int _disposed;

    // Loop-only state.
    private TimeSpan? _armedFor;
    private TimeSpan _pollNotBefore;

    /// <summary>Creates a host; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="engine">The engine; it must send through <paramref name="transport"/>.</param>
    /// <param name="transport">The bound transport; the host owns it from now on.</param>
    /// <param name="options">Queue size and stop behaviour; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where logs go; nowhere when null.</param>
    public EngineHost(
        IProtocolEngine engine,
        IPacketTransport transport,
        EngineHostOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(transport);
        _engine = engine;
        _transport = transport;
        _options = options ?? new EngineHostOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EngineHost>();
        _origin = _time.GetTimestamp();
        _stoppingToken = _stopping.Token;
        _inbox = Channel.CreateBounded<InboxItem>(new BoundedChannelOptions(_options.InboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _wakeTimer = _time.CreateTimer(static state => ((EngineHost)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The engine's address.</summary>
    public NodeAddress Address => _engine.Address;

    /// <summary>The engine's time: monotonic, since this host was created.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>What the loop has done.</summary>
    public EngineHostCounters Counters { get; } = new();

    /// <summary>The transport the host owns.</summary>
    public IPacketTransport Transport => _transport;

    /// <summary>Starts the transport's receiving and the loop. Once only.</summary>
    /// <exception cref="InvalidOperationException">Already started or stopped.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_running || _stopped is not null)
            {
                throw new InvalidOperationException("An engine host starts once.");
            }

            _transport.Start(new InboxReceiver(_inbox.Writer));
            var stopping = _stopping.Token;
            _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);
            _running = true;
        }

        EngineHostLog.Started(_logger, Address);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the engine loop, between two other engine calls, with the
    /// loop's <see cref="Now"/>; completes with its result or exception (continuations run off the
    /// loop). Work queued before <see cref="StartAsync"/> runs once the loop starts; work the loop
    /// will never reach (the host stopped) is cancelled, and so is work whose token is cancelled
    /// before it starts. Waits for room when the inbox is full. Do not wait on the returned task
    /// from inside the engine: that is the loop itself.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The host is disposed.</exception>
    public Task<T> InvokeAsync<T>(Func<TimeSpan, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var item = new WorkItem<T>(work, cancellationToken);
        return _inbox.Writer.TryWrite(new InboxItem(item)) ? item.Task : EnqueueAsync(item, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on the engine loop; see <see cref="InvokeAsync{T}"/>.</summary>
    /// <exception cref="ObjectDisposedException">The host is disposed.</exception>
    public Task InvokeAsync(Action<TimeSpan> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InvokeAsync(now =>
        {
            work(now);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Starts an engine operation that reports through a callback (as the overlay's Join, Put and Get
    /// do) and completes when the engine calls it: <paramref name="start"/> runs on the loop and is
    /// handed the completion to give the engine. The result's continuations run off the loop. Cancelled
    /// when <paramref name="cancellationToken"/> is, or when the host stops before the engine reports;
    /// the engine's operation itself goes on (its late report is ignored).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The host is disposed.</exception>
    public async Task<T> InvokeOperationAsync<T>(Action<TimeSpan, Action<T>> start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        await InvokeAsync(now => start(now, value => result.TrySetResult(value)), cancellationToken).ConfigureAwait(false);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stoppingToken);
        return await result.Task.WaitAsync(either.Token).ConfigureAwait(false);
    }

    /// <summary>Stops the loop and closes the transport; see <see cref="StopAsync(Action{TimeSpan}, CancellationToken)"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopAsync(null, cancellationToken);

    /// <summary>
    /// Stops gracefully: runs <paramref name="finalAction"/> on the loop (say, sending Leave), stops
    /// the loop (queued packets are dropped, queued work is cancelled), lets the transport drain its
    /// send queues for at most <see cref="EngineHostOptions.DrainTimeout"/>, and closes it, freeing its
    /// ports. <paramref name="cancellationToken"/> cuts the graceful parts short; the stop still
    /// completes. Calling it again returns the first call's task.
    /// </summary>
    public async Task StopAsync(Action<TimeSpan>? finalAction, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource? mine = null;
        Task stopped;
        bool wasRunning;
        lock (_gate)
        {
            wasRunning = _running;
            if (_stopped is null)
            {
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _stopped = mine.Task;
                _running = false;
            }

            stopped = _stopped;
        }

        if (mine is null)
        {
            await stopped.ConfigureAwait(false);
            return;
        }

        try
        {
            await StopCoreAsync(wasRunning ? finalAction : null, wasRunning, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            mine.SetResult();
        }
    }

    /// <summary>Stops (without a final action) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(null, CancellationToken.None).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Dispose();
        }
    }

    private async Task<T> EnqueueAsync<T>(WorkItem<T> item, CancellationToken cancellationToken)
    {
        try
        {
            await _inbox.Writer.WriteAsync(new InboxItem(item), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            item.Cancel();
        }

        return await item.Task.ConfigureAwait(false);
    }

    private async Task StopCoreAsync(Action<TimeSpan>? finalAction, bool wasRunning, CancellationToken cancellationToken)
    {
        EngineHostLog.Stopping(_logger, Address);
        if (finalAction is not null)
        {
            try
            {
                await InvokeAsync(finalAction, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                EngineHostLog.FinalActionCancelled(_logger);
            }
            catch (Exception e) // The engine's exception: logged and counted, the stop goes on.
            {
                Counters.OnFault();
                EngineHostLog.FinalActionFault(_logger, e);
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _wakeTimer.Dispose();
        while (_inbox.Reader.TryRead(out var item))
        {
            item.Work?.Cancel();
        }

        if (wasRunning)
        {
            using var timeout = new CancellationTokenSource(_options.DrainTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await _transport.DrainAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                EngineHostLog.DrainTimedOut(_logger);
            }
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        EngineHostLog.Stopped(_logger, Address, Counters.PacketsDelivered, Counters.Polls, Counters.WorkItemsRun, Counters.EngineFaults);
    }

    private void Wake() => _inbox.Writer.TryWrite(default);

    private async Task RunAsync(CancellationToken stopping)
    {
        using var scope = EngineHostLog.BeginNodeScope(_logger, Address);
        var reader = _inbox.Reader;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                PollIfDue();
                if (reader.TryRead(out var item))
                {
                    Handle(item);
                    continue;
                }

                if (!ArmWakeTimer())
                {
                    continue; // already due
                }

                if (!await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while waiting.
        }
        catch (Exception e) // The loop must end cleanly so the stop can complete; engine faults are caught below it.
        {
            EngineHostLog.LoopFailed(_logger, e);
        }
        finally
        {
            _wakeTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void Handle(in InboxItem item)
    {
        if (item.Work is { } work)
        {
            work.Run(Now);
            Counters.OnWorkItem();
        }
        else if (item.IsPacket)
        {
            try
            {
                _engine.Receive(Now, item.From, item.Packet);
                Counters.OnDelivered();
            }
            catch (Exception e) // Engine faults never kill the loop (a peer's bytes must not stop the node).
            {
                Counters.OnFault();
                EngineHostLog.ReceiveFault(_logger, item.Packet.Length, item.From, e);
            }
        }
        else
        {
            _armedFor = null; // the timer fired: arm it again, even for the same deadline
        }
    }

    private void PollIfDue()
    {
        if (ReadDeadline() is not { } deadline)
        {
            return;
        }

        var now = Now;
        if (deadline > now || now < _pollNotBefore)
        {
            return;
        }

        try
        {
            _engine.Poll(now);
            Counters.OnPoll();
        }
        catch (Exception e) // Engine faults never kill the loop.
        {
            Counters.OnFault();
            _pollNotBefore = now + _options.FaultBackoff;
            EngineHostLog.PollFault(_logger, now, _pollNotBefore, e);
        }
    }

    // Sets the timer for the engine's next deadline; false when that deadline has already come.
    private bool ArmWakeTimer()
    {
        if (ReadDeadline() is not { } deadline)
        {
            if (_armedFor is not null)
            {
                _wakeTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _armedFor = null;
            }

            return true;
        }

        var due = deadline > _pollNotBefore ? deadline : _pollNotBefore;
        for (var attempt = 1; ; attempt++)
        {
            var start = Now;
            var delay = due - start;
            if (delay <= TimeSpan.Zero)
            {
                _armedFor = null;
                return false;
            }

            if (_armedFor == due)
            {
                return true;
            }

            // Whole milliseconds, rounded up: a timer that fires before the deadline only wakes the loop to wait again.
            _wakeTimer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)), Timeout.InfiniteTimeSpan);

            // The timer counts from when Change ran. If the clock moved since `start` (a preempted thread,
            // or a test advancing a fake clock), it may be set late by that much: set it again.
            if (Now - start < ArmingTolerance || attempt == MaxArmingAttempts)
            {
                _armedFor = due;
                return true;
            }
        }
    }

    private TimeSpan? ReadDeadline()
    {
        try
        {
            return _engine.NextDeadline;
        }
        catch (Exception e) // Engine faults never kill the loop.
        {
            Counters.OnFault();
            EngineHostLog.DeadlineFault(_logger, e);
            return null;
        }
    }
}
