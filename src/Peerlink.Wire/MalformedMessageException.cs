namespace Peerlink.Wire;

/// <summary>
/// A peer sent bytes that are not a P2PP message we can accept. This is the only exception the
/// decoder throws for any input; our own misuse of the encoder throws <see cref="ArgumentException"/>.
/// </summary>
public sealed class MalformedMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MalformedMessageException(DecodeError error, int offset, string reason, P2ppHeader? header = null, byte? objectType = null)
        : base($"at byte {offset}: {reason}")
    {
        Error = error;
        Offset = offset;
        Reason = reason;
        Header = header;
        ObjectType = objectType;
    }

    /// <summary>What kind of fault.</summary>
    public DecodeError Error { get; }

    /// <summary>Offset of the fault from the first byte of the message.</summary>
    public int Offset { get; }

    /// <summary>What was wrong, in words.</summary>
    public string Reason { get; }

    /// <summary>The header, when it was read before the fault, so the engine can answer with an error response.</summary>
    public P2ppHeader? Header { get; }

    /// <summary>For <see cref="DecodeError.UnrecognizedObject"/>: the type code not understood.</summary>
    public byte? ObjectType { get; }
}
