using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Peerlink.Nat.Turn;

/// <summary>
/// Stateless nonces (RFC 8489 §9.2, §14.10): the time of issue (the engine's <c>now</c>, in ticks) and an
/// HMAC-SHA256 of it under a per-server secret, in hex. The server keeps nothing per nonce: a nonce it made
/// checks out, a forged one does not (the secret is not on the wire), and its age says when it is stale.
/// </summary>
internal sealed class TurnNonces(ReadOnlyMemory<byte> secret, TimeSpan lifetime)
{
    private const int MacLength = 12;

    /// <summary>A new nonce, issued at <paramref name="now"/>: 40 hex characters, within §14.10's 128.</summary>
    public string Issue(TimeSpan now)
    {
        Span<byte> raw = stackalloc byte[8 + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(raw, now.Ticks);
        Mac(raw[..8], raw[8..]);
        return Convert.ToHexStringLower(raw);
    }

    /// <summary>Whether <paramref name="nonce"/> is one of ours (<paramref name="ours"/>) and, if so, still fresh at <paramref name="now"/>.</summary>
    public bool Check(ReadOnlySpan<byte> nonce, TimeSpan now, out bool ours)
    {
        ours = false;
        Span<byte> raw = stackalloc byte[8 + MacLength];
        if (nonce.Length != raw.Length * 2 || Convert.FromHexString(Encoding.ASCII.GetString(nonce), raw, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != raw.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        Mac(raw[..8], expected);
        ours = CryptographicOperations.FixedTimeEquals(expected, raw[8..]);
        var issued = TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(raw));
        return ours && issued <= now && now - issued < lifetime;
    }

    private void Mac(ReadOnlySpan<byte> issued, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(secret.Span, issued, full);
        full[..destination.Length].CopyTo(destination);
    }
}
