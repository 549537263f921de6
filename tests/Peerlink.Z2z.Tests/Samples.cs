using System.Net;
using Peerlink.Core;
using Peerlink.Z2z.Records;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Z2z.Tests;

/// <summary>
/// The record of the byte vectors, the vectors themselves, and seals shared by the tests (each seal
/// runs PBKDF2 once; they are immutable, so sharing them keeps no state between tests).
/// </summary>
internal static class Samples
{
    public const string Passphrase = "correct horse battery";

    /// <summary>A printer-ish web service with a UTF-8 instance name, both address families and two TXT strings.</summary>
    public static ServiceRecord Record { get; } = new(Bytes.FromHex("0102030405060708"), "_http._tcp", "Büro", 8080)
    {
        HostName = "pc.local",
        Addresses = [IPAddress.Parse("192.168.1.20"), IPAddress.Parse("2001:db8::1")],
        Txt = new TxtData(Bytes.FromUtf8("path=/"), Bytes.FromUtf8("tls")),
        RefreshedAt = 1_764_000_000,
        Ttl = 300,
    };

    /// <summary><see cref="Record"/> encoded plain, field by field as docs/z2z.md draws it (written by hand, checked with Python's struct).</summary>
    public static byte[] RecordBytes { get; } = Convert.FromHexString(string.Concat(
        "7a32", "01", "00",                        // "z2", version 1, no flags
        "0102030405060708",                        // exporter
        "69248100",                                // refreshed-at 1764000000
        "0000012c",                                // TTL 300
        "1f90",                                    // port 8080
        "0a", "5f687474702e5f746370",              // "_http._tcp"
        "05", "42c3bc726f",                        // "Büro"
        "08", "70632e6c6f63616c",                  // "pc.local"
        "02",                                      // two addresses
        "04", "c0a80114",                          // 192.168.1.20
        "06", "20010db8000000000000000000000001",  // 2001:db8::1
        "000b", "06706174683d2f", "03746c73"));    // TXT: "path=/" "tls"

    /// <summary>
    /// <see cref="Record"/> sealed for "columbia" with <see cref="Passphrase"/> and nonce 00 01 .. 0b,
    /// computed independently with Python (hashlib.pbkdf2_hmac and cryptography's AESGCM) from the
    /// description in docs/z2z.md.
    /// </summary>
    public static byte[] SealedBytes { get; } = Convert.FromHexString(string.Concat(
        "7a32", "01", "80",
        "000102030405060708090a0b",
        "a2b5491693af7ba06698d4fc9c14fca9d5ec39c77e01f0dd39335366d444f9a98c6a5c252acb8756145ad21db1929b378ac0ec8e8836571e",
        "67f0943df95a9d4e31aeb40e46e8ec6e9c600bdafaae72b83aaa2632e1a5337b",
        "50c667033e5565b81c779304"));

    /// <summary>Passphrase <see cref="Passphrase"/>, key "columbia", nonces 00 01 .. 0b and then counting up.</summary>
    public static RecordSeal Columbia { get; } = new(Passphrase, "columbia", new CountingNonces().Fill);

    /// <summary>The same passphrase for another key.</summary>
    public static RecordSeal Lab { get; } = new(Passphrase, "lab", new CountingNonces().Fill);

    /// <summary>Another passphrase for the same key.</summary>
    public static RecordSeal ColumbiaWrongPassphrase { get; } = new("correct horse battery staple", "columbia", new CountingNonces().Fill);
}

/// <summary>
/// Nonces 00 01 .. 0b, then the same bytes plus 1, 2, ... in the last byte: distinct and repeatable.
/// Locked, because xunit runs test classes in parallel and they share the seals above.
/// </summary>
internal sealed class CountingNonces
{
    private readonly Lock _lock = new();
    private long _count;

    public void Fill(Span<byte> nonce)
    {
        long n;
        lock (_lock)
        {
            n = _count++;
        }

        for (var i = 0; i < nonce.Length; i++)
        {
            nonce[i] = (byte)i;
        }

        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(nonce[^8..], System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(nonce[^8..]) + n);
    }
}
