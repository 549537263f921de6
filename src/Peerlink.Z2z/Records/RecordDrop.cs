namespace Peerlink.Z2z.Records;

/// <summary>
/// Why a value read from the rendezvous was not advertised. The engine counts each reason; none of
/// them is an error of ours, and none stops the import of the key's other values.
/// </summary>
public enum RecordDrop
{
    /// <summary>Not dropped: the value decoded (the <see cref="RecordError"/> of a success).</summary>
    None = 0,

    /// <summary>Not a z2z record, or one that breaks its layout: truncated, a bad length, invalid UTF-8, trailing bytes, an unknown flag or address family.</summary>
    Malformed,

    /// <summary>Longer than <see cref="ServiceRecordCodec.MaxLength"/> (or a plain record longer than <see cref="ServiceRecordCodec.MaxPlainLength"/>).</summary>
    TooLarge,

    /// <summary>A version other than <see cref="ServiceRecordCodec.Version"/>: a newer exporter's format, ignored rather than guessed at.</summary>
    UnsupportedVersion,

    /// <summary>A plain record under a key that has a secret: whoever put it does not know the passphrase.</summary>
    NotSealed,

    /// <summary>A sealed record under a key we read without a secret: we cannot open it.</summary>
    UnexpectedSeal,

    /// <summary>A sealed record that does not authenticate: another passphrase, another key name, or altered bytes.</summary>
    BadSeal,
}
