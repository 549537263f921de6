namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// A peer sent bytes that are not a DNS message we accept. This is the only exception the decoder
/// throws for any input; our own misuse of the encoder throws <see cref="ArgumentException"/>.
/// </summary>
public sealed class DnsFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DnsFormatException(DnsDecodeError error, int offset, string reason)
        : base($"at byte {offset}: {reason}")
    {
        Error = error;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>What kind of fault.</summary>
    public DnsDecodeError Error { get; }

    /// <summary>Offset of the fault from the first byte of the message.</summary>
    public int Offset { get; }

    /// <summary>What was wrong, in words.</summary>
    public string Reason { get; }
}
