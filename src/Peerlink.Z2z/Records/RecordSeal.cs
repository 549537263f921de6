using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Peerlink.Z2z.Records;

//  A sealed z2z record (docs/z2z.md, "Sealing"):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   'z' (0x7A)  |   '2' (0x32)  |  Version = 1  |1 0 0 0 0 0 0 0|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                      Nonce (12 bytes)                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Ciphertext: a whole plain record, encrypted (same length)  //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                        Tag (16 bytes)                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  key   = PBKDF2-HMAC-SHA256(UTF-8(passphrase), "peerlink-z2z-seal-v1" 0x00 UTF-8(key name), 100,000, 32 bytes)
//  AEAD  = AES-256-GCM (NIST SP 800-38D), 96-bit random nonce, 128-bit tag
//  AAD   = the 4 header bytes, then UTF-8(key name)

/// <summary>
/// The secret of one z2z key: derives the AES-256 key from the passphrase once (deliberately slow:
/// PBKDF2 with <see cref="Iterations"/> rounds, so guessing passphrases from a stored record is
/// costly), then seals and opens records. The key name is in both the salt and the associated data,
/// so one passphrase gives unrelated keys for "columbia" and "lab", and a record sealed for one key
/// does not open under another. Immutable and safe to share between threads; make one per exporter
/// or importer, not one per record.
/// </summary>
public sealed class RecordSeal
{
    /// <summary>PBKDF2 rounds (OWASP's 2023 floor for PBKDF2-HMAC-SHA256 is higher, but each importer derives once and small devices run it too).</summary>
    public const int Iterations = 100_000;

    /// <summary>AES-256.</summary>
    public const int KeyLength = 32;

    /// <summary>The 96-bit nonce GCM is defined for without hashing (SP 800-38D §8.2).</summary>
    public const int NonceLength = 12;

    /// <summary>The full 128-bit GCM tag.</summary>
    public const int TagLength = 16;

    /// <summary>What sealing adds to a plain record: a second header, the nonce and the tag.</summary>
    public const int Overhead = ServiceRecordCodec.HeaderLength + NonceLength + TagLength;

    /// <summary>Longest key name, in UTF-8 bytes.</summary>
    public const int MaxKeyNameLength = 255;

    private readonly byte[] _key;
    private readonly byte[] _keyName;
    private readonly NonceSource _nonces;

    /// <summary>Derives the key for <paramref name="keyName"/> from <paramref name="passphrase"/> (tens of milliseconds on a PC, more on small devices).</summary>
    /// <param name="passphrase">The secret shared by the exporters and importers of the key; its UTF-8 bytes, not normalised.</param>
    /// <param name="keyName">The rendezvous key, e.g. "columbia".</param>
    /// <param name="nonces">
    /// Fills a nonce. Default: <see cref="RandomNumberGenerator.Fill"/>. Tests pass a fixed sequence;
    /// anything else must never repeat a nonce under one key, which with GCM would reveal the XOR of
    /// two records and let the tag key be recovered.
    /// </param>
    /// <exception cref="ArgumentException">An empty passphrase or key name, a key name over 255 bytes, or text that is not valid Unicode.</exception>
    public RecordSeal(string passphrase, string keyName, NonceSource? nonces = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        var secret = RecordFields.ToUtf8(passphrase, int.MaxValue / 4, "passphrase", out var problem) ?? throw new ArgumentException(problem, nameof(passphrase));
        _keyName = RecordFields.ToUtf8(keyName, MaxKeyNameLength, "key name", out problem) ?? throw new ArgumentException(problem, nameof(keyName));
        KeyName = keyName;
        _nonces = nonces ?? RandomNumberGenerator.Fill;

        var salt = new byte[SaltLabel.Length + _keyName.Length];
        SaltLabel.CopyTo(salt);
        _keyName.CopyTo(salt, SaltLabel.Length);
        _key = Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, KeyLength);
        CryptographicOperations.ZeroMemory(secret);
    }

    /// <summary>Fills <paramref name="nonce"/> with a nonce never used before under this key.</summary>
    public delegate void NonceSource(Span<byte> nonce);

    /// <summary>The rendezvous key this seal is for.</summary>
    public string KeyName { get; }

    /// <summary>The salt's fixed part: names the purpose so the key derived here is used for nothing else.</summary>
    private static ReadOnlySpan<byte> SaltLabel => "peerlink-z2z-seal-v1\0"u8;

    /// <summary>Seals an encoded plain record into a new array.</summary>
    /// <exception cref="ArgumentException"><paramref name="plainRecord"/> is not a plain version-1 record of at most <see cref="ServiceRecordCodec.MaxPlainLength"/> bytes.</exception>
    public byte[] Seal(ReadOnlySpan<byte> plainRecord)
    {
        var sealedRecord = new byte[plainRecord.Length + Overhead];
        Seal(plainRecord, sealedRecord);
        return sealedRecord;
    }

    /// <summary>Seals an encoded plain record into exactly <c>plainRecord.Length + Overhead</c> bytes.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Seal(ReadOnlySpan{byte})"/>, or the destination is not that long.</exception>
    public void Seal(ReadOnlySpan<byte> plainRecord, Span<byte> destination)
    {
        if (plainRecord.Length > ServiceRecordCodec.MaxPlainLength
            || !ServiceRecordCodec.TryReadHeader(plainRecord, out var flags, out _)
            || (flags & RecordFlags.Sealed) != 0)
        {
            throw new ArgumentException($"not a plain z2z record of at most {ServiceRecordCodec.MaxPlainLength} bytes", nameof(plainRecord));
        }

        if (destination.Length != plainRecord.Length + Overhead)
        {
            throw new ArgumentException($"a sealed record of a {plainRecord.Length}-byte record is {plainRecord.Length + Overhead} bytes, the destination {destination.Length}", nameof(destination));
        }

        var header = destination[..ServiceRecordCodec.HeaderLength];
        ServiceRecordCodec.Magic.CopyTo(header);
        header[2] = ServiceRecordCodec.Version;
        header[3] = (byte)RecordFlags.Sealed;
        var nonce = destination.Slice(ServiceRecordCodec.HeaderLength, NonceLength);
        _nonces(nonce);
        var ciphertext = destination.Slice(ServiceRecordCodec.HeaderLength + NonceLength, plainRecord.Length);
        var tag = destination[^TagLength..];

        Span<byte> aad = stackalloc byte[ServiceRecordCodec.HeaderLength + MaxKeyNameLength];
        aad = Aad(header, aad);
        using var gcm = new AesGcm(_key, TagLength);
        gcm.Encrypt(nonce, plainRecord, ciphertext, tag, aad);
    }

    /// <summary>
    /// Opens a sealed record into the plain record it carries (not yet decoded). Never throws: a value
    /// that is not a sealed record, or that does not authenticate under this passphrase and key name,
    /// returns false with the reason.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedRecord, [NotNullWhen(true)] out byte[]? plainRecord, out RecordError error)
    {
        plainRecord = null;
        if (sealedRecord.Length > ServiceRecordCodec.MaxLength)
        {
            error = new RecordError(RecordDrop.TooLarge, ServiceRecordCodec.MaxLength, $"the value is {sealedRecord.Length} bytes; the limit is {ServiceRecordCodec.MaxLength}");
            return false;
        }

        if (!ServiceRecordCodec.TryReadHeader(sealedRecord, out var flags, out error))
        {
            return false;
        }

        if ((flags & RecordFlags.Sealed) == 0)
        {
            error = new RecordError(RecordDrop.NotSealed, 3, "a plain record under a key with a secret: its author does not know the passphrase");
            return false;
        }

        // The smallest plain record is a header (the decoder refuses shorter ones after opening).
        if (sealedRecord.Length < Overhead + ServiceRecordCodec.HeaderLength)
        {
            error = new RecordError(RecordDrop.Malformed, sealedRecord.Length, $"truncated: a sealed record is at least {Overhead + ServiceRecordCodec.HeaderLength} bytes, this one {sealedRecord.Length}");
            return false;
        }

        var header = sealedRecord[..ServiceRecordCodec.HeaderLength];
        var nonce = sealedRecord.Slice(ServiceRecordCodec.HeaderLength, NonceLength);
        var ciphertext = sealedRecord[(ServiceRecordCodec.HeaderLength + NonceLength)..^TagLength];
        var tag = sealedRecord[^TagLength..];
        Span<byte> aad = stackalloc byte[ServiceRecordCodec.HeaderLength + MaxKeyNameLength];
        aad = Aad(header, aad);

        var plain = new byte[ciphertext.Length];
        using var gcm = new AesGcm(_key, TagLength);
        try
        {
            gcm.Decrypt(nonce, ciphertext, tag, plain, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            // The one way a well-formed sealed record fails: nothing tells a wrong passphrase from
            // altered bytes, and nothing should (GCM reveals no partial plaintext).
            error = new RecordError(RecordDrop.BadSeal, sealedRecord.Length - TagLength, "the record does not authenticate: another passphrase or key name, or altered bytes");
            return false;
        }

        plainRecord = plain;
        error = RecordError.None;
        return true;
    }

    private Span<byte> Aad(ReadOnlySpan<byte> header, Span<byte> buffer)
    {
        header.CopyTo(buffer);
        _keyName.CopyTo(buffer[header.Length..]);
        return buffer[..(header.Length + _keyName.Length)];
    }
}
