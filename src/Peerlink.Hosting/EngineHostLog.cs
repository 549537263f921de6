using Microsoft.Extensions.Logging;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>The engine host's log events; ids 4000-4099 are stable.</summary>
internal static partial class EngineHostLog
{
    private static readonly Func<ILogger, NodeAddress, IDisposable?> NodeScope =
        LoggerMessage.DefineScope<NodeAddress>("Node {NodeAddress}");

    /// <summary>A scope naming the node, around everything the loop logs.</summary>
    public static IDisposable? BeginNodeScope(ILogger logger, NodeAddress address) => NodeScope(logger, address);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Engine host for {NodeAddress} started")]
    public static partial void Started(ILogger logger, NodeAddress nodeAddress);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Engine host for {NodeAddress} stopping")]
    public static partial void Stopping(ILogger logger, NodeAddress nodeAddress);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Engine host for {NodeAddress} stopped: {Delivered} packets delivered, {Polls} polls, {WorkItems} work items, {Faults} engine faults")]
    public static partial void Stopped(ILogger logger, NodeAddress nodeAddress, long delivered, long polls, long workItems, long faults);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "Engine threw on a {Length}-byte packet from {From}; packet dropped")]
    public static partial void ReceiveFault(ILogger logger, int length, NodeAddress from, Exception exception);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "Engine threw in Poll at {Now}; next poll not before {NotBefore}")]
    public static partial void PollFault(ILogger logger, TimeSpan now, TimeSpan notBefore, Exception exception);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Engine threw reading NextDeadline; treated as no deadline")]
    public static partial void DeadlineFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "The final action of the stop threw; stopping anyway")]
    public static partial void FinalActionFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "The final action of the stop was cancelled")]
    public static partial void FinalActionCancelled(ILogger logger);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Send queues not drained in time; closing with packets still queued")]
    public static partial void DrainTimedOut(ILogger logger);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Critical, Message = "Engine loop failed unexpectedly")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}
