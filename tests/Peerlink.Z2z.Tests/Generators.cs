using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Peerlink.Core;
using Peerlink.Z2z.Records;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Z2z.Tests;

/// <summary>
/// FsCheck generators of records the format can carry: awkward instance names (UTF-8 of every width,
/// dots, backslashes, exactly 63 bytes), both protocols, 0 to 4 addresses of either family, TXT
/// strings of arbitrary bytes up to 255, and extreme times. Seeds are fixed, so a failure reproduces.
/// </summary>
public static class Generators
{
    /// <summary>FsCheck 3 replay string "(seed,gamma)"; gamma must be odd.</summary>
    public const string Seed = "(1234567890987654321,9876543210123456789)";

    public static Arbitrary<ServiceRecord> Records() => Arb.From(Record);

    internal static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(i => (byte)i);

    internal static readonly Gen<uint> UInt32 = Gen.Frequency(
        (1, Gen.Elements(0u, 1u, 120u, 4500u, uint.MaxValue)),
        (3, Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF), (hi, lo) => ((uint)hi << 16) | (uint)lo)));

    private static readonly string[] ServiceLabels = ["_http", "_ipp", "_printer", "_airplay", "_googlecast", "_sleep-proxy", "_x", "_" + new string('s', 62), "_HTTP"];

    private static readonly string[] InstanceNames =
    [
        "Web", "My Printer (2)", "a.b.c", "back\\slash", "Ünïcødé", "日本語のプリンター", "😀 emoji", "x", "🙂",
        new string('m', 63), new string('é', 31), "tab-free, comma, \"quotes\"",
    ];

    private static readonly string[] HostNames = ["", "pc.local", "printer.local.", "Mac-mini.local", "日本.local", new string('h', 255)];

    private static readonly Gen<Bytes> Exporter = Gen.ArrayOf(Byte, ServiceRecordCodec.ExporterLength).Select(b => Bytes.Copy(b));

    private static readonly Gen<string> ServiceType =
        from label in Gen.Elements(ServiceLabels)
        from protocol in Gen.Elements("._tcp", "._udp", "._TCP")
        select label + protocol;

    /// <summary>Names from the pool, or printable text made of random code points cut to 63 bytes.</summary>
    private static readonly Gen<string> Instance = Gen.Frequency(
        (3, Gen.Elements(InstanceNames)),
        (1, Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(Gen.Choose(0x20, 0x2FFFF).Where(c => c != 0x7F && c is < 0xD800 or > 0xDFFF), n))
            .Select(codes => Fit(string.Concat(codes.Select(char.ConvertFromUtf32)), 63))));

    private static readonly Gen<IPAddress> Address =
        Gen.Elements(4, 16).SelectMany(n => Gen.ArrayOf(Byte, n)).Select(b => new IPAddress(b));

    private static readonly Gen<TxtData> Txt =
        Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Gen.Frequency((4, Gen.Choose(0, 30)), (1, Gen.Choose(0, 255))).SelectMany(m => Gen.ArrayOf(Byte, m)), n))
            .Select(strings => new TxtData(strings.Select(s => Bytes.Copy(s))));

    internal static readonly Gen<ServiceRecord> Record =
        (from exporter in Exporter
         from type in ServiceType
         from instance in Instance
         from port in Gen.Choose(0, ushort.MaxValue)
         from host in Gen.Elements(HostNames)
         from addresses in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Address, n))
         from txt in Txt
         from refreshed in UInt32
         from ttl in UInt32
         from withdrawn in Gen.Elements(false, true)
         select new ServiceRecord(exporter, type, instance, (ushort)port)
         {
             HostName = host,
             Addresses = ValueList.Create<IPAddress>(addresses),
             Txt = txt,
             RefreshedAt = refreshed,
             Ttl = ttl,
             Withdrawn = withdrawn,
         })
        .Where(r => ServiceRecordCodec.FindProblem(r) is null);

    /// <summary>Cuts text to at most <paramref name="maxBytes"/> of UTF-8 on a code point boundary.</summary>
    private static string Fit(string text, int maxBytes)
    {
        var result = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(result.ToString()) + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            result.Append(rune.ToString());
        }

        return result.ToString();
    }
}
