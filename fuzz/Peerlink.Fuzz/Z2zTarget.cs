using Peerlink.Z2z.Records;

namespace Peerlink.Fuzz;

/// <summary>
/// What one input must satisfy for the z2z record codec: decoding never throws, with or without a
/// secret; a plain record that decodes encodes back to exactly the input (the format has one encoding
/// per record, so anything else is a finding); and a record that opened under the harness's seal
/// seals and opens again to an equal record.
/// </summary>
public static class Z2zTarget
{
    /// <summary>The passphrase and key name the sealed seeds use.</summary>
    public const string Passphrase = "fuzz", KeyName = "fuzz";

    /// <summary>
    /// Derived once per process (PBKDF2 is slow on purpose). Its nonce is always zero: repeatable runs
    /// matter here and nothing secret is sealed; a real exporter keeps the random default.
    /// </summary>
    private static readonly RecordSeal Seal = new(Passphrase, KeyName, nonce => nonce.Clear());

    public static void Check(ReadOnlySpan<byte> input)
    {
        if (ServiceRecordCodec.TryDecode(input, out var plain, out var plainError))
        {
            var encoded = ServiceRecordCodec.Encode(plain);
            if (!encoded.AsSpan().SequenceEqual(input))
            {
                throw new RoundTripException("a decoded plain record does not encode to its own bytes", input, encoded);
            }
        }
        else if (plainError.Drop == RecordDrop.None)
        {
            throw new RoundTripException("decoding failed without a reason", input);
        }

        Seal.TryOpen(input, out _, out _);
        if (ServiceRecordCodec.TryDecode(input, Seal, out var opened, out var sealedError))
        {
            var resealed = ServiceRecordCodec.Encode(opened, Seal);
            if (!ServiceRecordCodec.TryDecode(resealed, Seal, out var again, out var error) || !again.Equals(opened))
            {
                throw new RoundTripException($"a record that opened does not seal and open again ({error})", input, resealed);
            }
        }
        else if (sealedError.Drop == RecordDrop.None)
        {
            throw new RoundTripException("opening failed without a reason", input);
        }
    }

    /// <summary>
    /// Seeds: the documented sample, a withdrawal, the shortest record, one with the most addresses,
    /// one of exactly the plain length limit, sealed forms that open under the harness's seal, and a newer version.
    /// Deterministic: the same files every time.
    /// </summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var exporter = Peerlink.Core.Bytes.FromHex("0102030405060708");
        var sample = new ServiceRecord(exporter, "_http._tcp", "Büro", 8080)
        {
            HostName = "pc.local",
            Addresses = [System.Net.IPAddress.Parse("192.168.1.20"), System.Net.IPAddress.Parse("2001:db8::1")],
            Txt = Peerlink.Zeroconf.Dns.TxtData.FromAttributes(("path", "/"), ("tls", null)),
            RefreshedAt = 1_764_000_000,
            Ttl = 300,
        };
        var shortest = new ServiceRecord(exporter, "_a._udp", "x", 1);
        var manyAddresses = sample with
        {
            Addresses = new(Enumerable.Range(0, ServiceRecordCodec.MaxAddresses).Select(i => new System.Net.IPAddress(i % 2 == 0 ? [10, 0, 0, (byte)i] : [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)i]))),
        };
        var full = sample with
        {
            Txt = new([.. Enumerable.Range(0, 3).Select(i => Peerlink.Core.Bytes.Copy(Enumerable.Repeat((byte)('a' + i), 255).ToArray())), Peerlink.Core.Bytes.Copy(new byte[150])]),
        };

        yield return ("z2z-sample", ServiceRecordCodec.Encode(sample));
        yield return ("z2z-withdrawn", ServiceRecordCodec.Encode(sample with { Withdrawn = true }));
        yield return ("z2z-shortest", ServiceRecordCodec.Encode(shortest));
        yield return ("z2z-many-addresses", ServiceRecordCodec.Encode(manyAddresses));
        yield return ("z2z-full", ServiceRecordCodec.Encode(full));
        yield return ("z2z-sealed-sample", ServiceRecordCodec.Encode(sample, Seal));
        yield return ("z2z-sealed-withdrawn", ServiceRecordCodec.Encode(sample with { Withdrawn = true }, Seal));
        yield return ("z2z-version-2", [0x7A, 0x32, 2, 0, .. ServiceRecordCodec.Encode(shortest).AsSpan(4)]);
    }
}
