using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Turn;

/// <summary>
/// Runs a <see cref="TurnClient"/> on a UDP socket (or a TCP connection) with a real clock: the async edge of one TURN allocation. One loop reads a
/// bounded inbox (received datagrams, API calls, timer wake-ups), so the engine is only ever touched from that loop; after each
/// item it polls the engine, sends what it queued to the server, turns its events into completed tasks and received data, and
/// arms one timer for <see cref="TurnClient.NextDeadline"/>.
/// </summary>
/// <remarks>
/// <code>
/// await using var turn = new TurnClientHost(server, new TurnClientOptions { Username = "alice", Password = "secret" }, seed: 1);
/// var relayed = await turn.AllocateAsync(ct);             // tell the peer to send to this
/// await turn.CreatePermissionAsync(peer.Address, ct);
/// await turn.SendAsync(peer, data, ct);                   // a Send indication, or ChannelData once BindChannelAsync is done
/// var (from, bytes) = await turn.Received.ReadAsync(ct);
/// </code>
/// Disposing releases the allocation (a Refresh with LIFETIME 0, waited for at most <see cref="ReleaseWait"/>) and closes the socket.
/// With <see cref="TurnClientTransport.Stream"/> the host speaks TCP to the server and cuts the stream into messages itself;
/// peers are still reached over UDP from the relay (REQUESTED-TRANSPORT 17).
/// </remarks>
public sealed class TurnClientHost : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> waits for the server to confirm the release.</summary>
    public static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(2);

    private const int InboxCapacity = 1_024;
    private const int ReceivedCapacity = 1_024;
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(1);

    private readonly TurnClient _client;
    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly Channel<Action<TimeSpan>> _inbox;
    private readonly Channel<(IPEndPoint Peer, byte[] Data)> _received;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly Task _receiveLoop;
    private readonly bool _stream;
    private int _disposed;

    // Loop-only state: the tasks waiting for the engine's events.
    private readonly Dictionary<IPAddress, List<TaskCompletionSource<bool>>> _permissionWaiters = [];
    private readonly Dictionary<IPEndPoint, List<TaskCompletionSource<ushort>>> _channelWaiters = [];
    private TaskCompletionSource<IPEndPoint>? _allocating;
    private TaskCompletionSource<TimeSpan>? _refreshing;
    private TaskCompletionSource<bool>? _releasing;
    private bool _released;

    /// <summary>
    /// Binds the socket (UDP), or connects it (TCP, when <see cref="TurnClientOptions.Transport"/> is
    /// <see cref="TurnClientTransport.Stream"/>; the connect blocks), and starts the loops; nothing is sent until <see cref="AllocateAsync"/>.
    /// </summary>
    /// <param name="server">The TURN server.</param>
    /// <param name="options">The client's credentials and settings.</param>
    /// <param name="seed">Seeds the engine's transaction IDs.</param>
    /// <param name="localEndPoint">Where to bind; any address and port of the server's family when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where logs go (events 4600-4649); nowhere when null.</param>
    /// <exception cref="ArgumentException">Options that are not valid.</exception>
    /// <exception cref="SocketException">The socket cannot be bound, or the TCP connection is refused.</exception>
    public TurnClientHost(
        IPEndPoint server,
        TurnClientOptions options,
        int seed,
        IPEndPoint? localEndPoint = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TurnClientHost>();
#pragma warning disable CA5394 // The project's rule: engines take a seeded Random from their host (ARCHITECTURE.md).
        _client = new TurnClient(server, options, new Random(seed));
#pragma warning restore CA5394
        _stream = options.Transport == TurnClientTransport.Stream;
        _time = timeProvider ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
        _socket = _stream
            ? new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(localEndPoint ?? new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            if (_stream)
            {
                _socket.Connect(server);
            }
        }
        catch
        {
            _socket.Dispose();
            _stopping.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _inbox = Channel.CreateBounded<Action<TimeSpan>>(new BoundedChannelOptions(InboxCapacity) { SingleReader = true });
        _received = Channel.CreateBounded<(IPEndPoint, byte[])>(new BoundedChannelOptions(ReceivedCapacity) { FullMode = BoundedChannelFullMode.DropOldest });
        _timer = _time.CreateTimer(static state => ((TurnClientHost)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _loop = Task.Run(RunAsync);
        _receiveLoop = Task.Run(_stream ? ReceiveStreamAsync : ReceiveDatagramsAsync);
    }

    /// <summary>The socket's local address.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Data peers sent to the relayed address (Data indications and ChannelData); the oldest is dropped when nobody reads.</summary>
    public ChannelReader<(IPEndPoint Peer, byte[] Data)> Received => _received.Reader;

    /// <summary>Time since this host was created: the engine's clock.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Allocates a relayed address (RFC 8656 §7), the 401 nonce dance included.</summary>
    /// <returns>The relayed transport address.</returns>
    /// <exception cref="TurnClientException">The server refused (e.g. 401 for a wrong password) or never answered.</exception>
    public Task<IPEndPoint> AllocateAsync(CancellationToken cancellationToken = default) =>
        StartAsync<IPEndPoint>(
            (now, done) =>
            {
                _allocating = done;
                _client.Allocate(now);
            },
            cancellationToken);

    /// <summary>Installs a permission for <paramref name="peer"/> (RFC 8656 §9); it is refreshed while data flows.</summary>
    /// <exception cref="TurnClientException">The server refused or never answered.</exception>
    public Task CreatePermissionAsync(IPAddress peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return StartAsync<bool>(
            (now, done) =>
            {
                _client.CreatePermission(now, peer);
                Waiters(_permissionWaiters, Normalize(peer)).Add(done);
            },
            cancellationToken);
    }

    /// <summary>Binds a channel to <paramref name="peer"/> (RFC 8656 §12); sends to it then go as ChannelData.</summary>
    /// <returns>The channel number.</returns>
    /// <exception cref="TurnClientException">The server refused or never answered.</exception>
    public Task<ushort> BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return StartAsync<ushort>(
            (now, done) =>
            {
                _client.BindChannel(now, peer);
                Waiters(_channelWaiters, Normalize(peer)).Add(done);
            },
            cancellationToken);
    }

    /// <summary>Refreshes the allocation now (RFC 8656 §8) rather than at its time.</summary>
    /// <returns>The lifetime granted.</returns>
    /// <exception cref="TurnClientException">The refresh failed: the allocation is lost.</exception>
    public Task<TimeSpan> RefreshAsync(CancellationToken cancellationToken = default) =>
        StartAsync<TimeSpan>(
            (now, done) =>
            {
                if (!_client.Refresh(now))
                {
                    throw new InvalidOperationException($"cannot refresh: the client is {_client.State}");
                }

                _refreshing = done;
            },
            cancellationToken);

    /// <summary>Relays <paramref name="data"/> to <paramref name="peer"/>: ChannelData on a bound channel, else a Send indication.</summary>
    /// <exception cref="InvalidOperationException">There is no allocation.</exception>
    public Task SendAsync(IPEndPoint peer, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return StartAsync<bool>(
            (now, done) =>
            {
                if (!_client.Send(now, peer, data.Span))
                {
                    throw new InvalidOperationException($"no allocation to send through: the client is {_client.State}");
                }

                done.TrySetResult(true);
            },
            cancellationToken);
    }

    /// <summary>
    /// Deletes the allocation with a Refresh of LIFETIME 0 (RFC 8656 §8) and waits for the answer (the engine gives up
    /// after its retransmissions, 39.5 s); true when the server confirmed it. Nothing can be sent afterwards.
    /// </summary>
    public Task<bool> ReleaseAsync(CancellationToken cancellationToken = default) =>
        StartAsync<bool>(
            (now, done) =>
            {
                if (_client.State is TurnClientState.Allocated or TurnClientState.Allocating)
                {
                    _releasing = done;
                    _client.Release(now);
                }
                else
                {
                    done.TrySetResult(_released);
                }
            },
            cancellationToken);

    /// <summary>Runs <paramref name="read"/> on the loop, for a look at the engine (state, counters, addresses).</summary>
    public Task<T> InvokeAsync<T>(Func<TurnClient, TimeSpan, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        return StartAsync<T>((now, done) => done.TrySetResult(read(_client, now)), cancellationToken);
    }

    /// <summary>Releases the allocation (waiting at most <see cref="ReleaseWait"/>), stops the loops and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await ReleaseAsync().WaitAsync(ReleaseWait, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The server will expire the allocation at the end of its lifetime.
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_loop, _receiveLoop).ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        _received.Writer.TryComplete();
        _stopping.Dispose();
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPEndPoint Normalize(IPEndPoint endPoint) => new(Normalize(endPoint.Address), endPoint.Port);

    private static List<TaskCompletionSource<T>> Waiters<TKey, T>(Dictionary<TKey, List<TaskCompletionSource<T>>> waiters, TKey key)
        where TKey : notnull
    {
        if (!waiters.TryGetValue(key, out var list))
        {
            waiters.Add(key, list = []);
        }

        return list;
    }

    private static void Complete<TKey, T>(Dictionary<TKey, List<TaskCompletionSource<T>>> waiters, TKey key, T result, Exception? error)
        where TKey : notnull
    {
        if (waiters.Remove(key, out var list))
        {
            foreach (var done in list)
            {
                if (error is null)
                {
                    done.TrySetResult(result);
                }
                else
                {
                    done.TrySetException(error);
                }
            }
        }
    }

    /// <summary>Queues <paramref name="start"/> for the loop; it completes the task itself or leaves it to an event.</summary>
    private Task<T> StartAsync<T>(Action<TimeSpan, TaskCompletionSource<T>> start, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stopping.IsCancellationRequested)
        {
            done.TrySetException(new ObjectDisposedException(nameof(TurnClientHost)));
            return done.Task;
        }

        void Work(TimeSpan now)
        {
            try
            {
                start(now, done);
            }
            catch (Exception e)
            {
                // The caller's misuse (no allocation, a bad argument) or its own delegate's fault: it goes to the caller's task,
                // and the loop, which serves everyone, goes on.
                done.TrySetException(e);
            }
        }

        var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        _ = done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var written = _inbox.Writer.WriteAsync(Work, _stopping.Token);
        if (!written.IsCompletedSuccessfully)
        {
            _ = written.AsTask().ContinueWith(
                t => done.TrySetException(t.Exception?.InnerException ?? new ObjectDisposedException(nameof(TurnClientHost))),
                CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return done.Task;
    }

    private void Wake() => _inbox.Writer.TryWrite(static _ => { });

    private async Task RunAsync()
    {
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (_inbox.Reader.TryRead(out var work))
                {
                    work(Now);
                }

                var now = Now;
                _client.Poll(now);
                Flush(now);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed.
        }

        FailAll(new ObjectDisposedException(nameof(TurnClientHost)));
    }

    private void Flush(TimeSpan now)
    {
        foreach (var bytes in _client.DrainSends())
        {
            try
            {
                if (_stream)
                {
                    _socket.Send(bytes, SocketFlags.None);
                }
                else
                {
                    _socket.SendTo(bytes, SocketFlags.None, _client.Server);
                }
            }
            catch (SocketException e)
            {
                TurnClientHostLog.SendFailed(_logger, _client.Server, e.SocketErrorCode);
                if (_stream)
                {
                    // The connection broke: the allocation goes with it.
                    _client.TransportClosed();
                    _client.DrainSends();
                    break;
                }

                // Over UDP this is loss, as far as the engine is concerned: its transactions retransmit.
            }
        }

        foreach (var e in _client.DrainEvents())
        {
            Dispatch(e);
        }

        var next = _client.NextDeadline;
        _timer.Change(next is { } due ? TimeSpan.FromTicks(Math.Max(0, (due - now).Ticks)) + TimerSlack : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void Dispatch(TurnClientEvent e)
    {
        switch (e)
        {
            case TurnData data:
                _received.Writer.TryWrite((data.Peer, data.Data.Span.ToArray()));
                break;
            case TurnAllocated allocated:
                TurnClientHostLog.Allocated(_logger, _client.Server, allocated.RelayedAddress, LocalEndPoint, allocated.MappedAddress, allocated.Lifetime);
                _allocating?.TrySetResult(allocated.RelayedAddress);
                _allocating = null;
                break;
            case TurnRefreshed refreshed:
                _refreshing?.TrySetResult(refreshed.Lifetime);
                _refreshing = null;
                break;
            case TurnPermissionCreated created:
                Complete(_permissionWaiters, created.Peer, true, null);
                break;
            case TurnPermissionFailed failed:
                TurnClientHostLog.PermissionFailed(_logger, _client.Server, failed.Peer, failed.Reason);
                Complete(_permissionWaiters, failed.Peer, false, new TurnClientException(failed.Code, failed.Reason));
                break;
            case TurnChannelBound bound:
                Complete(_channelWaiters, bound.Peer, bound.Channel, null);
                break;
            case TurnChannelFailed failed:
                TurnClientHostLog.ChannelFailed(_logger, _client.Server, failed.Channel, failed.Peer, failed.Reason);
                Complete(_channelWaiters, failed.Peer, (ushort)0, new TurnClientException(failed.Code, failed.Reason));
                break;
            case TurnReleased released:
                TurnClientHostLog.Released(_logger, _client.Server, released.Confirmed);
                _released = released.Confirmed;
                _releasing?.TrySetResult(released.Confirmed);
                _releasing = null;
                FailAll(new TurnClientException(0, "the allocation was released"));
                break;
            case TurnFailed failed:
                TurnClientHostLog.Failed(_logger, _client.Server, failed.Code, failed.Reason);
                FailAll(new TurnClientException(failed.Code, failed.Reason));
                break;
        }
    }

    private void FailAll(Exception error)
    {
        _allocating?.TrySetException(error);
        _refreshing?.TrySetException(error);
        _releasing?.TrySetResult(false);
        _allocating = null;
        _refreshing = null;
        _releasing = null;
        foreach (var key in _permissionWaiters.Keys.ToList())
        {
            Complete(_permissionWaiters, key, false, error);
        }

        foreach (var key in _channelWaiters.Keys.ToList())
        {
            Complete(_channelWaiters, key, (ushort)0, error);
        }
    }

    private async Task ReceiveDatagramsAsync()
    {
        var buffer = new byte[65_535];
        var any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // An ICMP error surfaced on the socket (port unreachable ...): the engine's retransmissions cover it.
                TurnClientHostLog.ReceiveError(_logger, _client.Server, e.SocketErrorCode);
                continue;
            }

            var from = (IPEndPoint)result.RemoteEndPoint;
            var bytes = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            try
            {
                await _inbox.Writer.WriteAsync(now => _client.Receive(now, from, bytes), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the TCP stream, cuts it into messages (RFC 8656 §12.5) and hands each to the engine; a close or garbage ends the allocation.</summary>
    private async Task ReceiveStreamAsync()
    {
        var buffer = new byte[TurnClientFraming.MaxFrameLength];
        var filled = 0;
        var token = _stopping.Token;
        var server = _client.Server;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var at = 0;
                int length;
                while ((length = TurnClientFraming.FrameLength(buffer.AsSpan(at, filled - at))) > 0 && filled - at >= length)
                {
                    var frame = buffer.AsSpan(at, length).ToArray();
                    await _inbox.Writer.WriteAsync(now => _client.Receive(now, server, frame), token).ConfigureAwait(false);
                    at += length;
                }

                if (length < 0)
                {
                    break;
                }

                buffer.AsSpan(at, filled - at).CopyTo(buffer);
                filled -= at;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }
        catch (SocketException)
        {
            // Reset by the server: as a close.
        }

        try
        {
            await _inbox.Writer.WriteAsync(_ => _client.TransportClosed(), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposed meanwhile.
        }
    }
}
