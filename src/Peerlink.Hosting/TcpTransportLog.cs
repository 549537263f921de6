using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>The TCP transport's log events; ids 4200-4299 are stable.</summary>
internal static partial class TcpTransportLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "TCP listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "TCP {EndPoint} closed after {Sent} sent and {Received} received")]
    public static partial void Closed(ILogger logger, IPEndPoint endPoint, long sent, long received);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Debug, Message = "TCP accepted a connection from {Remote}")]
    public static partial void Accepted(ILogger logger, NodeAddress remote);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Debug, Message = "TCP connected to {Remote}")]
    public static partial void Connected(ILogger logger, NodeAddress remote);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Debug, Message = "TCP connect to {Remote} failed: {Error}")]
    public static partial void ConnectFailed(ILogger logger, NodeAddress remote, SocketError error);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Debug, Message = "TCP connection {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, NodeAddress remote, CloseReason reason);

    [LoggerMessage(EventId = 4214, Level = LogLevel.Debug, Message = "TCP connection {Remote} failed: {Error}")]
    public static partial void ConnectionFailed(ILogger logger, NodeAddress remote, SocketError error);

    [LoggerMessage(EventId = 4220, Level = LogLevel.Warning, Message = "TCP frame from {Remote} rejected ({Status}, announced {Length} bytes, limit {Limit}); closing that connection")]
    public static partial void FrameRejected(ILogger logger, NodeAddress remote, FrameStatus status, long length, int limit);

    [LoggerMessage(EventId = 4221, Level = LogLevel.Warning, Message = "TCP connection limit {Limit} reached; {Remote} refused")]
    public static partial void ConnectionLimit(ILogger logger, NodeAddress remote, int limit);

    [LoggerMessage(EventId = 4222, Level = LogLevel.Debug, Message = "TCP send queue to {Destination} full; packet dropped")]
    public static partial void SendQueueFull(ILogger logger, NodeAddress destination);

    [LoggerMessage(EventId = 4223, Level = LogLevel.Warning, Message = "TCP packet of {Length} bytes to {Destination} dropped: over the frame limit {Limit}")]
    public static partial void PacketTooLong(ILogger logger, NodeAddress destination, int length, int limit);

    [LoggerMessage(EventId = 4230, Level = LogLevel.Warning, Message = "TCP accept failed: {Error}; continuing")]
    public static partial void AcceptFailed(ILogger logger, SocketError error);
}
