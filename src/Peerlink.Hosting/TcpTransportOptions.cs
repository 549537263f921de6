using System.Net;
using Peerlink.Wire;

namespace Peerlink.Hosting;

/// <summary>How a <see cref="TcpTransport"/> listens, connects and frames. Validated as it is set.</summary>
public sealed record TcpTransportOptions
{
    private readonly IPEndPoint _endPoint = new(IPAddress.Loopback, 0);
    private readonly int _maxBodyLength = WireOptions.DefaultMaxBodyLength;
    private readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _idleTimeout = TimeSpan.FromMinutes(2);
    private readonly int _sendQueueCapacity = 256;
    private readonly int _maxConnections = 1024;
    private readonly int _listenBacklog = 512;

    /// <summary>
    /// Where to listen: port 0 for an ephemeral port. <see cref="IPAddress.IPv6Any"/> listens dual-mode.
    /// Default: 127.0.0.1, port 0.
    /// </summary>
    public IPEndPoint EndPoint
    {
        get => _endPoint;
        init => _endPoint = value ?? throw new ArgumentNullException(nameof(EndPoint));
    }

    /// <summary>
    /// Largest Message Length accepted in a frame's header (the frame is 16 bytes more). A longer frame
    /// closes its connection: the bytes after it cannot be trusted, and buffering it would let a peer
    /// make us allocate what it likes. Default: <see cref="WireOptions.DefaultMaxBodyLength"/>, as the codec.
    /// </summary>
    public int MaxBodyLength
    {
        get => _maxBodyLength;
        init => _maxBodyLength = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBodyLength));
    }

    /// <summary>Largest whole frame: <see cref="MaxBodyLength"/> plus the 16 fixed header bytes.</summary>
    public int MaxFrameLength => P2ppHeader.FixedLength + MaxBodyLength;

    /// <summary>How long an outgoing connection may take to establish. Default: 5 s.</summary>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        init => _connectTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(ConnectTimeout));
    }

    /// <summary>
    /// A connection that has neither sent nor received for this long is closed (P2PP keep-alives keep
    /// the ones in use open). <see cref="Timeout.InfiniteTimeSpan"/> never closes one. Default: 2 min.
    /// </summary>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        init => _idleTimeout = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan ? value : throw new ArgumentOutOfRangeException(nameof(IdleTimeout));
    }

    /// <summary>Packets that may wait for one connection; more are dropped and counted. Default: 256.</summary>
    public int SendQueueCapacity
    {
        get => _sendQueueCapacity;
        init => _sendQueueCapacity = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(SendQueueCapacity));
    }

    /// <summary>Open connections, both directions together; past it accepts are refused and sends dropped. Default: 1024.</summary>
    public int MaxConnections
    {
        get => _maxConnections;
        init => _maxConnections = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxConnections));
    }

    /// <summary>The listen backlog. Default: 512.</summary>
    public int ListenBacklog
    {
        get => _listenBacklog;
        init => _listenBacklog = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ListenBacklog));
    }
}
