namespace Peerlink.Z2z.Records;

/// <summary>The flags octet of a record's header (docs/z2z.md). Bits not named here are zero in version 1.</summary>
[Flags]
internal enum RecordFlags : byte
{
    /// <summary>A plain, live service.</summary>
    None = 0,

    /// <summary>The service said goodbye on the exporter's link. Inside a sealed record only, so an outsider cannot tell withdrawals from refreshes.</summary>
    Withdrawn = 0x01,

    /// <summary>The rest of the value is a nonce, an AES-256-GCM ciphertext of a whole plain record, and its tag.</summary>
    Sealed = 0x80,
}
