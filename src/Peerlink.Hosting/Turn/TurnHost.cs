using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Turn;

/// <summary>
/// A <see cref="TurnServer"/> on real sockets: one UDP socket and one TCP listener on the same address and
/// port, a UDP socket per relayed address (<see cref="UdpRelayAllocator"/>), and a real clock. Every call into
/// the engine, from any socket's loop or the timer, holds one lock, so the engine sees one caller at a time;
/// what it asks for is done under the same lock without blocking (UDP sends to non-blocking sockets, TCP
/// sends into bounded per-connection queues).
/// </summary>
public sealed class TurnHost : IAsyncDisposable
{
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TurnHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _started;
    private readonly Socket _udp;
    private readonly Socket _listener;
    private readonly UdpRelayAllocator _relays;
    private readonly TurnServer _engine;
    private readonly Dictionary<TurnFiveTuple, Connection> _tcp = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly List<Task> _loops = [];
    private long _udpSendErrors;
    private long _tcpDropped;
    private int _disposed;

    /// <summary>Binds the UDP socket and the TCP listener now (so a port in use fails here); <see cref="Start"/> starts serving.</summary>
    /// <exception cref="SocketException">The address or port cannot be bound.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public TurnHost(TurnHostOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TurnHost>();
        _started = _time.GetTimestamp();
        _udp = new Socket(options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _listener = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _udp.Bind(options.Listen);
            _udp.Blocking = false;
            var bound = (IPEndPoint)_udp.LocalEndPoint!;
            _listener.Bind(bound);
            _listener.Listen(64);
            LocalEndPoint = bound;
        }
        catch
        {
            _udp.Dispose();
            _listener.Dispose();
            throw;
        }

        var maxRelays = (2 * options.Server.MaxAllocations) + 16; // allocations plus EVEN-PORT reservations
        _relays = new UdpRelayAllocator(options.Relay, options.MinRelayPort, options.MaxRelayPort, maxRelays, FromPeer);
        var own = new[] { options.Relay, LocalEndPoint.Address }.Where(a => !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any));
        var server = options.Server with
        {
            ServerAddresses = [.. options.Server.ServerAddresses, .. own],
            NonceSecret = options.Server.NonceSecret ?? RandomNumberGenerator.GetBytes(32),
        };
        _engine = new TurnServer(server, _relays, new Random(RandomNumberGenerator.GetInt32(int.MaxValue)));
    }

    /// <summary>The bound address and port (UDP and TCP), with the real port when 0 was asked for.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>A snapshot of the engine's counters and the host's own.</summary>
    public TurnHostCounts Counts()
    {
        lock (_gate)
        {
            var c = _engine.Counters;
            return new TurnHostCounts(
                c.AllocationsCreated, _engine.AllocationCount, c.Succeeded, c.Unauthenticated + c.StaleNonces + c.Refused,
                c.RelayedToPeers, c.RelayedToClients, c.DroppedNoPermission + c.Dropped,
                Interlocked.Read(ref _udpSendErrors) + _relays.SendErrors + Interlocked.Read(ref _tcpDropped));
        }
    }

    /// <summary>Starts the receive, accept and timer loops.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var token = _closing.Token;
        lock (_gate)
        {
            _loops.Add(Task.Run(() => DatagramLoop.RunAsync(_udp, (from, bytes) => FromClient(new TurnFiveTuple(from, LocalEndPoint, TurnTransport.Udp), bytes), token), CancellationToken.None));
            _loops.Add(Task.Run(() => AcceptLoopAsync(token), CancellationToken.None));
            _loops.Add(Task.Run(() => TimerLoopAsync(token), CancellationToken.None));
        }

        TurnHostLog.Started(_logger, LocalEndPoint, _options.Relay, _options.MinRelayPort, _options.MaxRelayPort);
    }

    /// <summary>Stops every loop and closes every socket, relays included.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _listener.Dispose();
        List<Connection> connections;
        Task[] loops;
        lock (_gate)
        {
            connections = [.. _tcp.Values];
            loops = [.. _loops];
        }

        foreach (var connection in connections)
        {
            connection.Socket.Dispose();
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        var counts = Counts();
        await _relays.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        TurnHostLog.Stopped(_logger, LocalEndPoint, counts);
    }

    private TimeSpan Now => _time.GetElapsedTime(_started);

    private void FromPeer(IPEndPoint relay, IPEndPoint peer, byte[] bytes)
    {
        lock (_gate)
        {
            _engine.HandleFromPeer(Now, relay, peer, bytes);
            Execute();
        }
    }

    private void FromClient(TurnFiveTuple client, ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            _engine.HandleFromClient(Now, client, bytes);
            Execute();
        }
    }

    /// <summary>Carries out what the engine asked for; the caller holds the lock. Nothing here blocks.</summary>
    private void Execute()
    {
        foreach (var action in _engine.TakeActions())
        {
            switch (action)
            {
                case TurnSendToPeer toPeer:
                    _relays.Send(toPeer.Relay, toPeer.Peer, toPeer.Bytes.Span);
                    break;
                case TurnSendToClient { Client.Transport: TurnTransport.Udp } toClient:
                    try
                    {
                        _udp.SendTo(toClient.Bytes.Span, SocketFlags.None, toClient.Client.Client);
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        Interlocked.Increment(ref _udpSendErrors);
                    }

                    break;
                case TurnSendToClient toClient:
                    if (!_tcp.TryGetValue(toClient.Client, out var connection) || !connection.Queue.Writer.TryWrite(toClient.Bytes))
                    {
                        Interlocked.Increment(ref _tcpDropped);
                    }

                    break;
            }
        }
    }

    private async Task AcceptLoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            socket.NoDelay = true;
            var tuple = new TurnFiveTuple((IPEndPoint)socket.RemoteEndPoint!, (IPEndPoint)socket.LocalEndPoint!, TurnTransport.Tcp);
            var connection = new Connection(socket, Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(_options.TcpSendQueueCapacity) { SingleReader = true }));
            lock (_gate)
            {
                connection.LastActivity = Now;
                if (_tcp.Count >= _options.MaxTcpConnections || token.IsCancellationRequested)
                {
                    TurnHostLog.TcpRefused(_logger, tuple.Client, _options.MaxTcpConnections);
                    socket.Dispose();
                    continue;
                }

                _tcp[tuple] = connection;
                _loops.RemoveAll(t => t.IsCompleted);
                _loops.Add(Task.Run(() => ConnectionAsync(tuple, connection, token), CancellationToken.None));
            }
        }
    }

    private async Task ConnectionAsync(TurnFiveTuple tuple, Connection connection, CancellationToken token)
    {
        var writer = WriteLoopAsync(connection, token);
        var buffer = new byte[TurnFraming.MaxMessage + 4096];
        var end = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var read = await connection.Socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                end += read;
                lock (_gate)
                {
                    connection.LastActivity = Now;
                }

                var start = 0;
                int length;
                while ((length = TurnFraming.Next(buffer.AsSpan(start, end - start))) > 0 && end - start >= length)
                {
                    FromClient(tuple, buffer.AsSpan(start, length));
                    start += length;
                }

                if (length < 0)
                {
                    break; // not TURN: there is no finding the next message boundary, so the connection ends
                }

                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // closed by the client or by us
        }
        finally
        {
            lock (_gate)
            {
                _tcp.Remove(tuple);
                _engine.ConnectionClosed(Now, tuple);
                Execute();
            }

            connection.Queue.Writer.TryComplete();
            connection.Socket.Dispose();
        }

        await writer.ConfigureAwait(false);
    }

    private static async Task WriteLoopAsync(Connection connection, CancellationToken token)
    {
        try
        {
            await foreach (var message in connection.Queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await connection.Socket.SendAsync(message, SocketFlags.None, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the read loop closes the connection
        }
    }

    /// <summary>Polls the engine at its next deadline, and at least once a second.</summary>
    private async Task TimerLoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = Now;
                _engine.Poll(now);
                Execute();
                CloseIdleConnections(now);
                wait = _engine.NextDeadline is { } next ? next - now : MaxPollInterval;
            }

            try
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromMilliseconds(5).Ticks, MaxPollInterval.Ticks)), _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Closes TCP connections without an allocation that have been silent past the idle timeout; the caller holds the lock.</summary>
    private void CloseIdleConnections(TimeSpan now)
    {
        foreach (var (tuple, connection) in _tcp)
        {
            if (now - connection.LastActivity >= _options.TcpIdleTimeout && !_engine.HasAllocation(tuple, now))
            {
                TurnHostLog.TcpIdle(_logger, tuple);
                try
                {
                    connection.Socket.Shutdown(SocketShutdown.Both); // a FIN; its read loop sees the end and cleans up
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    connection.Socket.Dispose();
                }
            }
        }
    }

    private sealed record Connection(Socket Socket, Channel<ReadOnlyMemory<byte>> Queue)
    {
        /// <summary>When the client last sent something (the host's elapsed time); written under the host's lock.</summary>
        public TimeSpan LastActivity { get; set; }
    }
}

/// <summary>What a <see cref="TurnHost"/> has done, for a status line.</summary>
/// <param name="AllocationsCreated">Allocations made since start.</param>
/// <param name="Allocations">Allocations held now.</param>
/// <param name="Succeeded">Requests answered with success.</param>
/// <param name="Refused">Requests answered with an error (401 and 438 included).</param>
/// <param name="RelayedToPeers">Datagrams relayed from clients to peers.</param>
/// <param name="RelayedToClients">Datagrams relayed from peers to clients.</param>
/// <param name="Dropped">Messages dropped: malformed, unexpected, or without a permission.</param>
/// <param name="SendErrors">Sends that failed or found a full queue.</param>
public sealed record TurnHostCounts(long AllocationsCreated, int Allocations, long Succeeded, long Refused, long RelayedToPeers, long RelayedToClients, long Dropped, long SendErrors);
