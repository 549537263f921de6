namespace Peerlink.Hosting.Turn;

/// <summary>A TURN operation failed: the server refused it (with an ERROR-CODE) or never answered.</summary>
public sealed class TurnClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The ERROR-CODE (401, 403, 437 ...), or 0 when no usable response came.</param>
    /// <param name="message">What failed and why.</param>
    public TurnClientException(int code, string message)
        : base(message) => Code = code;

    /// <summary>The ERROR-CODE, or 0 when no usable response came (a timeout, the allocation gone).</summary>
    public int Code { get; }
}
