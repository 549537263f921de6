using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Peerlink.Hosting.Turn;

/// <summary>The TURN client host's log events; ids 4600-4649 are stable.</summary>
internal static partial class TurnClientHostLog
{
    [LoggerMessage(EventId = 4600, Level = LogLevel.Information, Message = "TURN {Server}: allocated {Relayed} for {Local} (seen as {Mapped}), lifetime {Lifetime}")]
    public static partial void Allocated(ILogger logger, IPEndPoint server, IPEndPoint relayed, IPEndPoint local, IPEndPoint? mapped, TimeSpan lifetime);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "TURN {Server}: allocation failed or lost: {Code} {Reason}")]
    public static partial void Failed(ILogger logger, IPEndPoint server, int code, string reason);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Information, Message = "TURN {Server}: allocation released (confirmed by the server: {Confirmed})")]
    public static partial void Released(ILogger logger, IPEndPoint server, bool confirmed);

    [LoggerMessage(EventId = 4610, Level = LogLevel.Debug, Message = "TURN {Server}: permission for {Peer} failed: {Reason}")]
    public static partial void PermissionFailed(ILogger logger, IPEndPoint server, IPAddress peer, string reason);

    [LoggerMessage(EventId = 4611, Level = LogLevel.Debug, Message = "TURN {Server}: channel {Channel} to {Peer} failed: {Reason}")]
    public static partial void ChannelFailed(ILogger logger, IPEndPoint server, ushort channel, IPEndPoint peer, string reason);

    [LoggerMessage(EventId = 4620, Level = LogLevel.Debug, Message = "TURN {Server}: send failed with {Error}")]
    public static partial void SendFailed(ILogger logger, IPEndPoint server, SocketError error);

    [LoggerMessage(EventId = 4621, Level = LogLevel.Debug, Message = "TURN {Server}: receive reported {Error}; continuing")]
    public static partial void ReceiveError(ILogger logger, IPEndPoint server, SocketError error);
}
