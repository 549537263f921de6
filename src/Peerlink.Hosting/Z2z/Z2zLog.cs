using Microsoft.Extensions.Logging;

namespace Peerlink.Hosting.Z2z;

/// <summary>What z2z export and import log.</summary>
internal static partial class Z2zLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{What} \"{Instance}\" ({Type})")]
    public static partial void Put(ILogger logger, string what, string instance, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not put \"{Instance}\", will retry: {Reason}")]
    public static partial void PutFailed(ILogger logger, string instance, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "not exported \"{Instance}\" ({Type}): {Reason}")]
    public static partial void NotExported(ILogger logger, string instance, string type, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopped before {Count} withdrawal(s) reached the rendezvous; importers drop those services when their TTL runs out")]
    public static partial void WithdrawCutShort(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fetch failed, keeping what is imported until its TTL: {Reason}")]
    public static partial void FetchFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} \"{Instance}\" ({Type}) from {Address}")]
    public static partial void Imported(ILogger logger, string what, string instance, string type, string address);
}
