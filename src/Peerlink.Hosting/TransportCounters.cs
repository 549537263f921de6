namespace Peerlink.Hosting;

/// <summary>
/// Running totals of one transport instance, safe to read from any thread. Plain counters (no static
/// <c>Meter</c>): a process with many nodes has one set per transport, and a dashboard can publish
/// them through its own meter.
/// </summary>
public sealed class TransportCounters
{
    private long _packetsSent;
    private long _bytesSent;
    private long _packetsReceived;
    private long _bytesReceived;
    private long _sendsDropped;
    private long _receivesDropped;
    private long _socketErrors;
    private long _connectionsAccepted;
    private long _connectionsOpened;
    private long _connectFailures;
    private long _connectionsRejected;
    private long _connectionsClosed;
    private long _framesRejected;

    /// <summary>Packets handed to the operating system.</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Bytes handed to the operating system (payload only).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Datagrams, or framed stream messages, received.</summary>
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    /// <summary>Bytes of <see cref="PacketsReceived"/>.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>
    /// Packets given to Send that never left: a full socket buffer or send queue, a destination of the
    /// wrong address family, a failed connection, a packet over the frame limit, a closed transport.
    /// </summary>
    public long SendsDropped => Interlocked.Read(ref _sendsDropped);

    /// <summary>Packets received but refused by a full (or stopped) receiver.</summary>
    public long ReceivesDropped => Interlocked.Read(ref _receivesDropped);

    /// <summary>
    /// Socket errors survived: ICMP port-unreachable reported to a UDP socket (ConnectionReset or
    /// ConnectionRefused), failed sends, failed accepts, broken connections.
    /// </summary>
    public long SocketErrors => Interlocked.Read(ref _socketErrors);

    /// <summary>Incoming stream connections accepted.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Outgoing stream connections established.</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    /// <summary>Outgoing connections that failed or timed out.</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Incoming connections refused because the connection limit was reached.</summary>
    public long ConnectionsRejected => Interlocked.Read(ref _connectionsRejected);

    /// <summary>Stream connections closed, for any reason.</summary>
    public long ConnectionsClosed => Interlocked.Read(ref _connectionsClosed);

    /// <summary>
    /// Stream frames refused (not a P2PP header, or longer than the limit); each closed its connection,
    /// since a stream cannot be resynchronised after a bad header.
    /// </summary>
    public long FramesRejected => Interlocked.Read(ref _framesRejected);

    internal void OnSent(int bytes)
    {
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void OnReceived(int bytes)
    {
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void OnSendDropped(int count = 1) => Interlocked.Add(ref _sendsDropped, count);

    internal void OnReceiveDropped() => Interlocked.Increment(ref _receivesDropped);

    internal void OnSocketError() => Interlocked.Increment(ref _socketErrors);

    internal void OnAccepted() => Interlocked.Increment(ref _connectionsAccepted);

    internal void OnOpened() => Interlocked.Increment(ref _connectionsOpened);

    internal void OnConnectFailed() => Interlocked.Increment(ref _connectFailures);

    internal void OnRejected() => Interlocked.Increment(ref _connectionsRejected);

    internal void OnClosed() => Interlocked.Increment(ref _connectionsClosed);

    internal void OnFrameRejected() => Interlocked.Increment(ref _framesRejected);
}
