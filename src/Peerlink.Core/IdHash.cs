using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Peerlink.Core;

/// <summary>
/// Maps names (user IDs, keys, addresses) into the overlay's ID space with the hash its P2P-Options
/// name. An overlay may use fewer bytes than the hash gives (H-Algorithm-Len); the leading bytes are kept.
/// </summary>
public static class IdHash
{
    /// <summary>Output width of an algorithm in bytes (0 for <see cref="HashAlgorithmCode.None"/>).</summary>
    public static int OutputLength(HashAlgorithmCode algorithm) => algorithm switch
    {
        HashAlgorithmCode.None => 0,
        HashAlgorithmCode.Sha1 => SHA1.HashSizeInBytes,
        HashAlgorithmCode.Sha256 => SHA256.HashSizeInBytes,
        HashAlgorithmCode.Sha512 => SHA512.HashSizeInBytes,
        HashAlgorithmCode.Md4 => 16,
        HashAlgorithmCode.Md5 => MD5.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown hash algorithm code"),
    };

    /// <summary>The full digest of <paramref name="data"/>.</summary>
    public static byte[] Digest(HashAlgorithmCode algorithm, ReadOnlySpan<byte> data)
    {
        switch (algorithm)
        {
            // SHA-1 and MD5 name identifiers here; they are not used for security (RFC 6151 §2, RFC 6194 §3).
#pragma warning disable CA5350, CA5351
            case HashAlgorithmCode.Sha1:
                return SHA1.HashData(data);
            case HashAlgorithmCode.Md5:
                return MD5.HashData(data);
#pragma warning restore CA5350, CA5351
            case HashAlgorithmCode.Sha256:
                return SHA256.HashData(data);
            case HashAlgorithmCode.Sha512:
                return SHA512.HashData(data);
            case HashAlgorithmCode.Md4:
                var md4 = new MD4Digest();
                md4.BlockUpdate(data);
                var output = new byte[md4.GetDigestSize()];
                md4.DoFinal(output);
                return output;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "no digest for this algorithm code");
        }
    }

    /// <summary>
    /// The identifier of <paramref name="data"/>: its digest cut to <paramref name="length"/> bytes
    /// (default: the whole digest). With <see cref="HashAlgorithmCode.None"/> the data itself is the
    /// identifier and must be exactly <paramref name="length"/> bytes.
    /// </summary>
    public static NodeId ToId(HashAlgorithmCode algorithm, ReadOnlySpan<byte> data, int length = 0)
    {
        if (algorithm == HashAlgorithmCode.None)
        {
            if (length != 0 && data.Length != length)
            {
                throw new ArgumentException($"unhashed identifier is {data.Length} bytes, the overlay uses {length}", nameof(data));
            }

            return NodeId.FromBytes(data);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var digest = Digest(algorithm, data);
        if (length == 0)
        {
            length = digest.Length;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, digest.Length);
        return NodeId.FromBytes(digest.AsSpan(0, length));
    }

    /// <summary>The identifier of a UTF-8 string (a SIP AoR, a key).</summary>
    public static NodeId ToId(HashAlgorithmCode algorithm, string text, int length = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ToId(algorithm, System.Text.Encoding.UTF8.GetBytes(text), length);
    }
}
