namespace Peerlink.Core;

/// <summary>
/// Hash algorithm codes of the P2P-Options object (draft-baset-p2psip-p2pp-01 §13, "Algorithm").
/// </summary>
public enum HashAlgorithmCode : byte
{
    /// <summary>No hashing: identifiers are used as given (unstructured overlays).</summary>
    None = 0,

    /// <summary>SHA-1 (FIPS 180-4), 20 bytes.</summary>
    Sha1 = 1,

    /// <summary>SHA-256 (FIPS 180-4), 32 bytes.</summary>
    Sha256 = 2,

    /// <summary>SHA-512 (FIPS 180-4), 64 bytes.</summary>
    Sha512 = 3,

    /// <summary>MD4 (RFC 1320), 16 bytes.</summary>
    Md4 = 4,

    /// <summary>MD5 (RFC 1321), 16 bytes.</summary>
    Md5 = 5,
}
