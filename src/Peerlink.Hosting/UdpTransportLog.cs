using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>The UDP transport's log events; ids 4100-4199 are stable.</summary>
internal static partial class UdpTransportLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "UDP bound to {EndPoint}")]
    public static partial void Bound(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "UDP {EndPoint} closed after {Sent} sent and {Received} received")]
    public static partial void Closed(ILogger logger, IPEndPoint endPoint, long sent, long received);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "UDP send to {Destination} dropped: socket buffer full")]
    public static partial void SendBufferFull(ILogger logger, NodeAddress destination);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Debug, Message = "UDP send to {Destination} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, NodeAddress destination, SocketError error);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Debug, Message = "UDP send to {Destination} dropped: not reachable from a socket bound to {EndPoint}")]
    public static partial void Unreachable(ILogger logger, NodeAddress destination, IPEndPoint endPoint);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Debug, Message = "UDP receive reported {Error} (ICMP error for an earlier send); continuing")]
    public static partial void ReceiveError(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "UDP receive failed with {Error}; continuing")]
    public static partial void ReceiveFailed(ILogger logger, SocketError error, Exception exception);
}
