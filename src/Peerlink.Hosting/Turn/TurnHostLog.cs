using System.Net;
using Microsoft.Extensions.Logging;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Turn;

/// <summary>The TURN host's log events; ids 4400-4499 are stable.</summary>
internal static partial class TurnHostLog
{
    [LoggerMessage(EventId = 4400, Level = LogLevel.Information, Message = "TURN server on udp and tcp {EndPoint}, relaying from {Relay} ports {MinPort}-{MaxPort}")]
    public static partial void Started(ILogger logger, IPEndPoint endPoint, IPAddress relay, int minPort, int maxPort);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "TURN server on {EndPoint} stopped: {Counts}")]
    public static partial void Stopped(ILogger logger, IPEndPoint endPoint, TurnHostCounts counts);

    [LoggerMessage(EventId = 4410, Level = LogLevel.Warning, Message = "TCP connection from {Remote} refused: {Max} connections already")]
    public static partial void TcpRefused(ILogger logger, IPEndPoint remote, int max);

    [LoggerMessage(EventId = 4411, Level = LogLevel.Debug, Message = "TCP connection {Client} closed: idle without an allocation")]
    public static partial void TcpIdle(ILogger logger, TurnFiveTuple client);
}
