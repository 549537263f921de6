namespace Peerlink.Hosting;

/// <summary>How an <see cref="EngineHost"/> queues and stops. Validated as it is set.</summary>
public sealed record EngineHostOptions
{
    private readonly int _inboxCapacity = 4096;
    private readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(1);
    private readonly TimeSpan _faultBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Received packets and API calls that may wait for the engine. A datagram that finds the inbox
    /// full is dropped (and counted by its transport); a stream and an API caller wait for room.
    /// Default: 4096.
    /// </summary>
    public int InboxCapacity
    {
        get => _inboxCapacity;
        init => _inboxCapacity = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(InboxCapacity));
    }

    /// <summary>How long a graceful stop waits for queued packets to leave. Default: 1 s.</summary>
    public TimeSpan DrainTimeout
    {
        get => _drainTimeout;
        init => _drainTimeout = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(DrainTimeout));
    }

    /// <summary>
    /// After Poll throws, how long before it is called again, so an engine that fails the same way at
    /// every deadline costs a log line per interval instead of a spinning loop. Default: 100 ms.
    /// </summary>
    public TimeSpan FaultBackoff
    {
        get => _faultBackoff;
        init => _faultBackoff = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(FaultBackoff));
    }
}
