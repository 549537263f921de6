using System.Net.Sockets;
using System.Threading.Channels;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>
/// One TCP connection of a <see cref="TcpTransport"/>, either direction: a read loop that frames the
/// stream and hands messages to the receiver, and a write loop that drains a bounded send queue. Ends
/// (and leaves the pool) on the first of: the peer closing, a bad frame, a socket error, the idle
/// timeout, a drain, or the transport closing.
/// </summary>
internal sealed class TcpConnection
{
    private readonly TcpTransport _owner;
    private readonly Socket _socket;
    private readonly Channel<ReadOnlyMemory<byte>> _sendQueue;
    private readonly TaskCompletionSource _writesDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastActivity;
    private int _closed;
    private CloseReason _reason;

    public TcpConnection(TcpTransport owner, Socket socket, NodeAddress remote, bool outgoing)
    {
        _owner = owner;
        _socket = socket;
        Remote = remote;
        IsOutgoing = outgoing;
        _sendQueue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(owner.Options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of waiting: Send drops and counts.
        });
        _lastActivity = owner.Time.GetTimestamp();
    }

    /// <summary>The pool key: the dialled address, or the accepted socket's remote endpoint.</summary>
    public NodeAddress Remote { get; }

    /// <summary>Whether this side dialled.</summary>
    public bool IsOutgoing { get; }

    /// <summary>Whether the connection has closed (a new Send then dials again).</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Timestamp (of the transport's <see cref="TimeProvider"/>) of the last read or write.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>Completes when the connection has ended and left the pool.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Completes when the write loop has ended: the queue was drained, or the connection failed.</summary>
    public Task WritesDone => _writesDone.Task;

    /// <summary>
    /// Starts connecting (when outgoing), reading and writing, off the caller's thread. The connect
    /// timeout runs from here, when the first packet was queued, not from when the dial gets a thread.
    /// </summary>
    public void Start()
    {
        var connectTimeout = IsOutgoing ? new CancellationTokenSource(_owner.Options.ConnectTimeout, _owner.Time) : null;
        Completion = Task.Run(() => RunAsync(connectTimeout), CancellationToken.None);
    }

    /// <summary>Queues a packet; false when the queue is full or the connection is closing.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> packet) => _sendQueue.Writer.TryWrite(packet);

    /// <summary>No more packets: the write loop sends what is queued, then the connection closes gracefully.</summary>
    public void CompleteSending() => _sendQueue.Writer.TryComplete();

    /// <summary>Closes the socket now; the first reason given is the one logged.</summary>
    public void Close(CloseReason reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _reason = reason;
        _sendQueue.Writer.TryComplete(); // ends the write loop

        // Shut down first: disposing a socket with a receive pending would otherwise make .NET close it
        // abortively (RST), and the peer would see an error instead of an orderly close.
        ShutdownBoth();
        _socket.Dispose(); // aborts a pending connect, receive or send
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _owner.Time.GetTimestamp());

    private async Task RunAsync(CancellationTokenSource? connectTimeout)
    {
        var token = _owner.ClosingToken; // the transport's; closing this connection alone disposes its socket
        var reason = CloseReason.Local;
        try
        {
            if (connectTimeout is not null)
            {
                using (connectTimeout)
                {
                    if (!await ConnectAsync(connectTimeout.Token, token).ConfigureAwait(false))
                    {
                        reason = CloseReason.ConnectFailed;
                        return;
                    }
                }
            }

            var reading = ReadLoopAsync(token);
            var writing = WriteLoopAsync(token);
            var first = await Task.WhenAny(reading, writing).ConfigureAwait(false);
            reason = await first.ConfigureAwait(false);
            if (reason == CloseReason.Drained)
            {
                // Everything queued is in the kernel: FIN after it, so the peer reads it all before the close.
                ShutdownSend();
            }

            Close(reason);
            await Task.WhenAll(reading, writing).ConfigureAwait(false);
        }
        finally
        {
            Close(reason);
            _writesDone.TrySetResult();
            var dropped = 0;
            while (_sendQueue.Reader.TryRead(out _))
            {
                dropped++;
            }

            if (dropped > 0)
            {
                _owner.Counters.OnSendDropped(dropped);
            }

            _owner.OnConnectionEnded(this, _reason);
        }
    }

    private async Task<bool> ConnectAsync(CancellationToken timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout);
        try
        {
            await _socket.ConnectAsync(Remote.ToEndPoint(), linked.Token).ConfigureAwait(false);
            _socket.NoDelay = true;
            Touch();
            _owner.Counters.OnOpened();
            TcpTransportLog.Connected(_owner.Logger, Remote);
            return true;
        }
        catch (Exception) when (IsClosed || cancellationToken.IsCancellationRequested)
        {
            return false; // closed while connecting
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _owner.Counters.OnConnectFailed();
            TcpTransportLog.ConnectFailed(_owner.Logger, Remote, SocketError.TimedOut);
            return false;
        }
        catch (SocketException e)
        {
            _owner.Counters.OnConnectFailed();
            TcpTransportLog.ConnectFailed(_owner.Logger, Remote, e.SocketErrorCode);
            return false;
        }
    }

    private async Task<CloseReason> ReadLoopAsync(CancellationToken cancellationToken)
    {
        var frames = new FrameBuffer(_owner.Options.MaxFrameLength);
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(frames.GetWriteMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return CloseReason.RemoteClosed;
                }

                Touch();
                frames.Advance(read);
                while (true)
                {
                    var status = frames.TryTake(out var frame, out var announced);
                    if (status == FrameStatus.NeedMore)
                    {
                        break;
                    }

                    if (status != FrameStatus.Frame)
                    {
                        _owner.Counters.OnFrameRejected();
                        TcpTransportLog.FrameRejected(_owner.Logger, Remote, status, announced, _owner.Options.MaxFrameLength);
                        return CloseReason.BadFrame;
                    }

                    _owner.Counters.OnReceived(frame!.Length);
                    var receiver = _owner.Receiver;
                    if (receiver is null || !await receiver.ReceiveAsync(Remote, frame, cancellationToken).ConfigureAwait(false))
                    {
                        _owner.Counters.OnReceiveDropped();
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || IsClosed)
        {
            return CloseReason.Local;
        }
        catch (SocketException e)
        {
            _owner.Counters.OnSocketError();
            TcpTransportLog.ConnectionFailed(_owner.Logger, Remote, e.SocketErrorCode);
            return CloseReason.Error;
        }
    }

    private async Task<CloseReason> WriteLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _sendQueue.Reader;
        var inFlight = false;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var packet))
                {
                    inFlight = true;
                    var remaining = packet;
                    while (!remaining.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(remaining, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                        remaining = remaining[sent..];
                    }

                    inFlight = false;
                    _owner.Counters.OnSent(packet.Length);
                    Touch();
                }
            }

            return IsClosed ? CloseReason.Local : CloseReason.Drained;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || IsClosed)
        {
            return CloseReason.Local;
        }
        catch (SocketException e)
        {
            _owner.Counters.OnSocketError();
            TcpTransportLog.ConnectionFailed(_owner.Logger, Remote, e.SocketErrorCode);
            return CloseReason.Error;
        }
        finally
        {
            if (inFlight)
            {
                _owner.Counters.OnSendDropped();
            }

            _writesDone.TrySetResult();
        }
    }

    private void ShutdownSend() => Shutdown(SocketShutdown.Send);

    private void ShutdownBoth() => Shutdown(SocketShutdown.Both);

    private void Shutdown(SocketShutdown how)
    {
        try
        {
            _socket.Shutdown(how);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Not connected (yet), or already gone: nothing to shut down.
        }
    }
}
