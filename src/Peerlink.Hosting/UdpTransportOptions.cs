using System.Net;

namespace Peerlink.Hosting;

/// <summary>How a <see cref="UdpTransport"/> binds its socket. Validated as it is set.</summary>
public sealed record UdpTransportOptions
{
    private readonly IPEndPoint _endPoint = new(IPAddress.Loopback, 0);
    private readonly int? _socketReceiveBufferSize;
    private readonly int? _socketSendBufferSize;

    /// <summary>
    /// Where to bind: port 0 for an ephemeral port. <see cref="IPAddress.IPv6Any"/> binds a dual-mode
    /// socket that also serves IPv4. Default: 127.0.0.1, port 0.
    /// </summary>
    public IPEndPoint EndPoint
    {
        get => _endPoint;
        init => _endPoint = value ?? throw new ArgumentNullException(nameof(EndPoint));
    }

    /// <summary>The kernel's receive buffer in bytes (SO_RCVBUF); null keeps the system default.</summary>
    public int? SocketReceiveBufferSize
    {
        get => _socketReceiveBufferSize;
        init => _socketReceiveBufferSize = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(SocketReceiveBufferSize));
    }

    /// <summary>The kernel's send buffer in bytes (SO_SNDBUF); null keeps the system default.</summary>
    public int? SocketSendBufferSize
    {
        get => _socketSendBufferSize;
        init => _socketSendBufferSize = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(SocketSendBufferSize));
    }
}
