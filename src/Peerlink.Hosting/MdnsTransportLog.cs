using System.Net;
using Microsoft.Extensions.Logging;

namespace Peerlink.Hosting;

/// <summary>The mDNS socket's log events; ids 4300-4399 are stable.</summary>
internal static partial class MdnsTransportLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "mDNS socket pinned to {Interface} (index {Index}, {Address}): multicast out of it only, group {Group} joined on it only, loopback {Loopback}")]
    public static partial void Pinned(ILogger logger, string @interface, int index, IPAddress address, IPAddress group, bool loopback);
}
