using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>
/// One UDP socket: a receive loop that hands every datagram to the receiver, and a
/// <see cref="Send"/> that never blocks. Sends go straight to a non-blocking socket from the caller's
/// thread (the engine loop): no queue to drain, no extra hop; when the kernel's send buffer is full
/// the datagram is dropped and counted, which to P2PP is ordinary loss (§6.2 retransmits).
/// </summary>
public sealed class UdpTransport : IPacketTransport
{
    /// <summary>Largest UDP payload: the receive buffer is this big, so no datagram is truncated.</summary>
    public const int MaxDatagramLength = 65_535;

    // Consecutive unexpected receive errors before the loop pauses, so a persistent fault cannot spin.
    private const int ErrorsBeforePause = 16;
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _started;
    private int _closed;

    /// <summary>Binds the socket now, so <see cref="LocalAddress"/> is known before an engine is built.</summary>
    /// <exception cref="SocketException">The address cannot be bound (in use, not local).</exception>
    public UdpTransport(UdpTransportOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(Open(options), timeProvider, loggerFactory)
    {
    }

    /// <summary>
    /// Takes over a socket that is already set up and bound (the mDNS socket: <see cref="MdnsTransport"/>);
    /// it is disposed with the transport, or at once when this throws.
    /// </summary>
    internal UdpTransport(Socket boundSocket, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        _socket = boundSocket;
        try
        {
            _time = timeProvider ?? TimeProvider.System;
            _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<UdpTransport>();

            // Sends from the engine's thread must never wait: a full buffer is an error (dropped), not a block.
            // Asynchronous receives are unaffected.
            _socket.Blocking = false;
            LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch
        {
            _socket.Dispose();
            _closing.Dispose();
            throw;
        }

        LocalAddress = Endpoints.ToNodeAddress(LocalEndPoint);
        UdpTransportLog.Bound(_logger, LocalEndPoint);
    }

    /// <summary>The bound endpoint (with the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <inheritdoc/>
    public NodeAddress LocalAddress { get; }

    /// <summary>False: UDP loses, duplicates and reorders, so P2PP acknowledges hop by hop.</summary>
    public bool IsReliable => false;

    /// <inheritdoc/>
    public TransportCounters Counters { get; } = new();

    /// <inheritdoc/>
    public void Start(IPacketReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The transport is already started.");
        }

        var token = _closing.Token;
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(receiver, token), CancellationToken.None);
    }

    /// <summary>
    /// Asks the STUN server at <paramref name="stunServer"/>, from this transport's own socket, which address
    /// its packets arrive from (RFC 8489 Binding, retransmitted as §6.2.1 says with a 250 ms RTO, 4 sends):
    /// behind a NAT that is the server-reflexive address peers must use (RFC 8445 §5.1.1.2), and it belongs to
    /// this socket only. Null when the server does not answer within about 2.75 s. Only before <see cref="Start"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transport is already started.</exception>
    public async Task<IPEndPoint?> DiscoverMappedAddressAsync(IPEndPoint stunServer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stunServer);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("The transport is already started: its receive loop owns the socket.");
        }

        var origin = _time.GetTimestamp();
        var table = new Nat.Stun.StunTransactions(new Random(), Stun.NatBehaviorProbe.ProbeTiming);
        var request = Nat.Stun.StunCodec.Encode(new Nat.Stun.StunMessage(Nat.Stun.StunClass.Request, Nat.Stun.StunMethod.Binding, table.NewTransactionId()), fingerprint: true);
        table.Start(_time.GetElapsedTime(origin), stunServer, request);
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (true)
        {
            foreach (var (to, bytes) in table.DrainSends())
            {
                try
                {
                    await _socket.SendToAsync(bytes, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    // Lost: the next retransmission tries again.
                }
            }

            if (table.DrainResults() is [var result, ..])
            {
                return result.Mapped;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromTicks(Math.Max(1, (table.NextDeadline!.Value - _time.GetElapsedTime(origin)).Ticks)));
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, wait.Token).ConfigureAwait(false);
                table.Receive(_time.GetElapsedTime(origin), (IPEndPoint)received.RemoteEndPoint, buffer.AsSpan(0, received.ReceivedBytes));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                table.Poll(_time.GetElapsedTime(origin));
            }
            catch (SocketException)
            {
                // An ICMP error from the server's host (nobody on that port): wait for the next retransmission.
                await Task.Delay(TimeSpan.FromTicks(Math.Max(1, (table.NextDeadline!.Value - _time.GetElapsedTime(origin)).Ticks)), _time, cancellationToken).ConfigureAwait(false);
                table.Poll(_time.GetElapsedTime(origin));
            }
        }
    }

    /// <inheritdoc/>
    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            Counters.OnSendDropped();
            return;
        }

        var endPoint = Endpoints.ForSocket(destination, _socket);
        if (endPoint is null)
        {
            Counters.OnSendDropped();
            UdpTransportLog.Unreachable(_logger, destination, LocalEndPoint);
            return;
        }

        try
        {
            var sent = _socket.SendTo(packet.Span, SocketFlags.None, endPoint);
            Counters.OnSent(sent);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable)
        {
            Counters.OnSendDropped();
            UdpTransportLog.SendBufferFull(_logger, destination);
        }
        catch (SocketException e)
        {
            // Unreachable networks, a previous ICMP error, a message too long: the packet is lost, the node lives.
            Counters.OnSendDropped();
            Counters.OnSocketError();
            UdpTransportLog.SendFailed(_logger, destination, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            Counters.OnSendDropped();
        }
    }

    /// <summary>Nothing waits in a queue: every send was handed to the kernel or dropped at once.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    /// <summary>Closes the socket (its port is free again when this completes) and ends the receive loop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _closing.Dispose();
        UdpTransportLog.Closed(_logger, LocalEndPoint, Counters.PacketsSent, Counters.PacketsReceived);
    }

    private async Task ReceiveLoopAsync(IPacketReceiver receiver, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramLength, pinned: true);
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(IPAddress.Any, 0)
            : new IPEndPoint(IPAddress.IPv6Any, 0);
        var consecutiveErrors = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsClosing(e, cancellationToken))
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused
                or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.MessageSize)
            {
                // An ICMP error for an earlier send (port unreachable on Linux shows as ConnectionReset or
                // ConnectionRefused), or an oversized datagram: nothing to deliver, the socket is fine.
                Counters.OnSocketError();
                UdpTransportLog.ReceiveError(_logger, e.SocketErrorCode);
                continue;
            }
            catch (SocketException e)
            {
                Counters.OnSocketError();
                UdpTransportLog.ReceiveFailed(_logger, e.SocketErrorCode, e);
                if (++consecutiveErrors >= ErrorsBeforePause)
                {
                    consecutiveErrors = 0;
                    try
                    {
                        await Task.Delay(ErrorPause, _time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                continue;
            }

            consecutiveErrors = 0;
            var length = result.ReceivedBytes;
            Counters.OnReceived(length);
            var from = Endpoints.ToNodeAddress((IPEndPoint)result.RemoteEndPoint);

            // A copy the receiver owns: the engine may keep slices of what it decodes.
            if (!receiver.TryReceive(from, buffer.AsSpan(0, length).ToArray()))
            {
                Counters.OnReceiveDropped();
            }
        }
    }

    private static Socket Open(UdpTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endPoint = options.EndPoint;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (OperatingSystem.IsWindows())
            {
                // Windows reports an ICMP port-unreachable for an earlier send as WSAECONNRESET on the next
                // receive; SIO_UDP_CONNRESET off stops that. Linux does not report it to unconnected
                // sockets, and the receive loop survives it anyway.
                const int SioUdpConnReset = unchecked((int)0x9800000C);
                socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }

            if (options.SocketReceiveBufferSize is int receiveBuffer)
            {
                socket.ReceiveBufferSize = receiveBuffer;
            }

            if (options.SocketSendBufferSize is int sendBuffer)
            {
                socket.SendBufferSize = sendBuffer;
            }

            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool IsClosing(Exception e, CancellationToken cancellationToken) =>
        (cancellationToken.IsCancellationRequested || Volatile.Read(ref _closed) != 0)
        && e is OperationCanceledException or ObjectDisposedException or SocketException;
}
