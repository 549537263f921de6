using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>
/// P2PP over TCP: a listener, and a pool of connections keyed by <see cref="NodeAddress"/>, framed by
/// the header's Message Length (draft §9.1). Send never blocks: it queues on the destination's
/// connection (dialling it first when there is none) and drops, counting, when that queue is full.
/// </summary>
/// <remarks>
/// <para>
/// <b>Which connection a packet goes on.</b> Every connection is in one pool under one key, and a
/// packet received on it is reported with that key as its source:
/// </para>
/// <list type="bullet">
/// <item>a connection this side dialled is keyed by the address dialled (the peer's listening
/// address), so later packets to that address reuse it, and whatever the peer sends back on it
/// comes "from" that address;</item>
/// <item>a connection this side accepted is keyed by the peer's remote endpoint, the ephemeral
/// source port the peer dialled from, not its listening port.</item>
/// </list>
/// <para>
/// So an engine that answers to the packet's source (the previous hop, as P2PP responses travel
/// back along the path) writes the answer back on the very connection the request came in on: no
/// new connection, and it works when the peer cannot be dialled (behind a NAT or a firewall). An
/// engine that sends to the peer's listening address instead (taken from its Peer-Info) gets a
/// connection dialled to that address, which is also correct, just one more connection. The
/// transport does not guess that an accepted connection's peer listens at some other port: that
/// is protocol knowledge (the Peer-Info's Address-Info) and it belongs to the engine.
/// </para>
/// <para>
/// A dialled connection that fails or closes leaves the pool; the next Send to that address dials
/// again. Idle connections (no traffic for <see cref="TcpTransportOptions.IdleTimeout"/>) are closed.
/// A frame whose header is not P2PP, or announces more than <see cref="TcpTransportOptions.MaxFrameLength"/>
/// bytes, closes its connection (counted in <see cref="TransportCounters.FramesRejected"/>): a stream
/// cannot be resynchronised, and only that connection is affected.
/// </para>
/// </remarks>
public sealed class TcpTransport : IPacketTransport
{
    private const int AcceptErrorsBeforePause = 16;
    private static readonly TimeSpan AcceptErrorPause = TimeSpan.FromMilliseconds(100);

    private readonly Socket _listener;
    private readonly ConcurrentDictionary<NodeAddress, TcpConnection> _pool = new();
    private readonly ConcurrentDictionary<TcpConnection, byte> _live = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private IPacketReceiver? _receiver;
    private ITimer? _idleTimer;
    private Task _acceptLoop = Task.CompletedTask;
    private int _started;
    private int _draining;
    private bool _closed;

    /// <summary>Binds and listens now, so <see cref="LocalAddress"/> is known before an engine is built.</summary>
    /// <exception cref="SocketException">The address cannot be bound (in use, not local).</exception>
    public TcpTransport(TcpTransportOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Time = timeProvider ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TcpTransport>();
        ClosingToken = _closing.Token;
        var endPoint = options.EndPoint;
        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                _listener.DualMode = true;
            }

            if (!OperatingSystem.IsWindows())
            {
                // Lets a restarted node listen on its port while old connections sit in TIME_WAIT. On Linux
                // this does not let two sockets listen on one port; on Windows it would, so it is not set there.
                _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            _listener.Bind(endPoint);
            _listener.Listen(options.ListenBacklog);
            LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        }
        catch
        {
            _listener.Dispose();
            _closing.Dispose();
            throw;
        }

        LocalAddress = Endpoints.ToNodeAddress(LocalEndPoint);
        TcpTransportLog.Listening(Logger, LocalEndPoint);
    }

    /// <summary>The listening endpoint (with the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <inheritdoc/>
    public NodeAddress LocalAddress { get; }

    /// <summary>True: TCP delivers in order or not at all, so P2PP sends no ACKs (§6.2.2).</summary>
    public bool IsReliable => true;

    /// <inheritdoc/>
    public TransportCounters Counters { get; } = new();

    /// <summary>Connections open now (or being dialled), both directions.</summary>
    public int ConnectionCount => _live.Count;

    internal TcpTransportOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal IPacketReceiver? Receiver => Volatile.Read(ref _receiver);

    internal CancellationToken ClosingToken { get; }

    /// <summary>Told of every connection that ends (for tests, which wait on it instead of polling counters).</summary>
    internal Action<NodeAddress, bool, CloseReason>? ConnectionEnded { get; set; }

    /// <inheritdoc/>
    public void Start(IPacketReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (Interlocked.Exchange(ref _started, 1) != 0)
            {
                throw new InvalidOperationException("The transport is already started.");
            }

            Volatile.Write(ref _receiver, receiver);
            if (Options.IdleTimeout != Timeout.InfiniteTimeSpan)
            {
                var period = Options.IdleTimeout / 2;
                _idleTimer = Time.CreateTimer(static state => ((TcpTransport)state!).CloseIdle(), this, period, period);
            }

            var token = _closing.Token;
            _acceptLoop = Task.Run(() => AcceptLoopAsync(token), CancellationToken.None);
        }
    }

    /// <inheritdoc/>
    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet)
    {
        if (Volatile.Read(ref _draining) != 0)
        {
            Counters.OnSendDropped();
            return;
        }

        if (packet.Length > Options.MaxFrameLength)
        {
            // The peer would close the connection on it, losing whatever else is queued there.
            Counters.OnSendDropped();
            TcpTransportLog.PacketTooLong(Logger, destination, packet.Length, Options.MaxFrameLength);
            return;
        }

        var connection = GetOrDial(destination);
        if (connection is null)
        {
            Counters.OnSendDropped();
        }
        else if (!connection.TryEnqueue(packet))
        {
            Counters.OnSendDropped();
            TcpTransportLog.SendQueueFull(Logger, destination);
        }
    }

    /// <summary>
    /// Stops taking packets, then waits until every connection has written what it had queued; each
    /// then closes gracefully (FIN after the last byte).
    /// </summary>
    public Task DrainAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _draining, 1);
        var writes = new List<Task>();
        foreach (var connection in _live.Keys)
        {
            connection.CompleteSending();
            writes.Add(connection.WritesDone);
        }

        return Task.WhenAll(writes).WaitAsync(cancellationToken);
    }

    /// <summary>Closes the listener (its port is free again when this completes) and every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        Volatile.Write(ref _draining, 1);
        await _closing.CancelAsync().ConfigureAwait(false);
        _idleTimer?.Dispose();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var ending = new List<Task>();
        foreach (var connection in _live.Keys)
        {
            connection.Close(CloseReason.Local);
            ending.Add(connection.Completion);
        }

        await Task.WhenAll(ending).ConfigureAwait(false);
        _closing.Dispose();
        TcpTransportLog.Closed(Logger, LocalEndPoint, Counters.PacketsSent, Counters.PacketsReceived);
    }

    internal void OnConnectionEnded(TcpConnection connection, CloseReason reason)
    {
        _pool.TryRemove(KeyValuePair.Create(connection.Remote, connection));
        _live.TryRemove(connection, out _);
        Counters.OnClosed();
        TcpTransportLog.ConnectionClosed(Logger, connection.Remote, reason);
        ConnectionEnded?.Invoke(connection.Remote, connection.IsOutgoing, reason);
    }

    private TcpConnection? GetOrDial(NodeAddress destination)
    {
        if (_pool.TryGetValue(destination, out var connection) && !connection.IsClosed)
        {
            return connection;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            if (_pool.TryGetValue(destination, out connection) && !connection.IsClosed)
            {
                return connection;
            }

            if (_live.Count >= Options.MaxConnections)
            {
                TcpTransportLog.ConnectionLimit(Logger, destination, Options.MaxConnections);
                return null;
            }

            // Dialled from a socket of the destination's own family, whatever the listener's.
            var socket = new Socket(destination.IsIPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            connection = new TcpConnection(this, socket, destination, outgoing: true);
            Register(connection);
            return connection;
        }
    }

    // Under _gate: the pool, the live set and _closed change together, so DisposeAsync misses none.
    private void Register(TcpConnection connection)
    {
        _pool[connection.Remote] = connection;
        _live.TryAdd(connection, 0);
        connection.Start();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var consecutiveErrors = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                consecutiveErrors = 0;
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            catch (SocketException e)
            {
                // Out of descriptors, a connection reset before accept: the listener itself is fine.
                Counters.OnSocketError();
                TcpTransportLog.AcceptFailed(Logger, e.SocketErrorCode);
                if (++consecutiveErrors >= AcceptErrorsBeforePause)
                {
                    consecutiveErrors = 0;
                    try
                    {
                        await Task.Delay(AcceptErrorPause, Time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                continue;
            }

            Accept(socket);
        }
    }

    private void Accept(Socket socket)
    {
        NodeAddress remote;
        try
        {
            socket.NoDelay = true;
            remote = Endpoints.ToNodeAddress((IPEndPoint)socket.RemoteEndPoint!);
        }
        catch (SocketException e)
        {
            Counters.OnSocketError();
            TcpTransportLog.AcceptFailed(Logger, e.SocketErrorCode);
            socket.Dispose();
            return;
        }

        lock (_gate)
        {
            if (_closed || _live.Count >= Options.MaxConnections)
            {
                if (!_closed)
                {
                    Counters.OnRejected();
                    TcpTransportLog.ConnectionLimit(Logger, remote, Options.MaxConnections);
                }

                socket.Dispose();
                return;
            }

            Counters.OnAccepted();
            TcpTransportLog.Accepted(Logger, remote);
            Register(new TcpConnection(this, socket, remote, outgoing: false));
        }
    }

    private void CloseIdle()
    {
        foreach (var connection in _live.Keys)
        {
            if (Time.GetElapsedTime(connection.LastActivity) >= Options.IdleTimeout)
            {
                connection.Close(CloseReason.Idle);
            }
        }
    }
}
