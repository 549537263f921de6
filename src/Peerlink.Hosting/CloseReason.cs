namespace Peerlink.Hosting;

/// <summary>Why a TCP connection ended (for logs).</summary>
internal enum CloseReason
{
    /// <summary>This side closed it: the transport is shutting down.</summary>
    Local,

    /// <summary>The peer closed its side (read returned 0).</summary>
    RemoteClosed,

    /// <summary>Everything queued was sent during a drain; closed gracefully.</summary>
    Drained,

    /// <summary>No traffic for the idle timeout.</summary>
    Idle,

    /// <summary>A frame with a bad header or over the size limit.</summary>
    BadFrame,

    /// <summary>The outgoing connection could not be established in time.</summary>
    ConnectFailed,

    /// <summary>A socket error while reading or writing.</summary>
    Error,
}
