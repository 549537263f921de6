using System.Net;
using Microsoft.Extensions.Logging;

namespace Peerlink.Hosting;

/// <summary>The mDNS socket's log events; ids 4300-4399 are stable.</summary>
internal static partial class MdnsTransportLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "mDNS socket pinned to {Interface} (index {Index}, {Address}): multicast out of it only, group {Group} joined on it only, loopback {Loopback}")]
    public static partial void Pinned(ILogger logger, string @interface, int index, IPAddress address, IPAddress group, bool loopback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not bind the mDNS socket to {Interface} (SO_BINDTODEVICE needs CAP_NET_RAW here): another mDNS stack of this host on another interface may be handed this link's multicast")]
    public static partial void NotBoundToDevice(ILogger logger, string @interface);
}
