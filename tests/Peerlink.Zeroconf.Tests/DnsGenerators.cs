using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>
/// FsCheck generators for names, questions, records of every kind and whole messages. Labels come from
/// a pool of awkward ones (dots, spaces, parentheses, backslashes, UTF-8, control and non-UTF-8 bytes,
/// one name in two cases) so compression and the presentation form meet them often.
/// </summary>
public static class DnsGenerators
{
    /// <summary>FsCheck 3 replay string "(seed,gamma)"; gamma must be odd.</summary>
    public const string Seed = "(9912345678901234567,1234567890123456789)";

    public static Arbitrary<DnsMessage> Messages() => Arb.From(Message);

    public static Arbitrary<DnsName> Names() => Arb.From(Name);

    internal static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(i => (byte)i);

    internal static readonly Gen<bool> Bool = Gen.Elements(false, true);

    internal static readonly Gen<ushort> UInt16 = Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i);

    internal static readonly Gen<uint> UInt32 = Gen.Frequency(
        (1, Gen.Elements(0u, 120u, 4500u, uint.MaxValue)),
        (3, Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF), (hi, lo) => ((uint)hi << 16) | (uint)lo)));

    internal static Gen<byte[]> ByteArray(int min, int max) => Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Byte, n));

    private static readonly string[] TextLabels =
    [
        "local", "LOCAL", "_tcp", "_udp", "_http", "_ipp", "_services", "_dns-sd", "_sub", "host",
        "My Printer", "My.Printer (2)", "a.b.c", "back\\slash", "Ünïcødé", "日本語のプリンター", "😀 emoji", "x",
        new string('m', 63),
    ];

    /// <summary>A label: mostly from the pool, sometimes arbitrary bytes (non-UTF-8 and control bytes included).</summary>
    internal static readonly Gen<byte[]> Label = Gen.Frequency(
        (4, Gen.Elements(TextLabels).Select(Encoding.UTF8.GetBytes)),
        (1, ByteArray(1, DnsName.MaxLabelLength)));

    /// <summary>Names of 0 to 5 labels, cut to fit 255 bytes.</summary>
    internal static readonly Gen<DnsName> Name =
        Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Label, n)).Select(labels =>
        {
            var name = DnsName.Root;
            for (var i = labels.Length - 1; i >= 0; i--)
            {
                if (name.WireLength + 1 + labels[i].Length > DnsName.MaxLength)
                {
                    break;
                }

                name = name.Prepend(labels[i]);
            }

            return name;
        });

    internal static readonly Gen<DnsRecordType> AnyType = Gen.Frequency(
        (3, Gen.Elements(Enum.GetValues<DnsRecordType>())),
        (1, UInt16.Select(t => (DnsRecordType)t)));

    internal static readonly Gen<DnsClass> Class = Gen.Frequency(
        (4, Gen.Constant(DnsClass.Internet)),
        (1, Gen.Choose(0, 0x7FFF).Select(c => (DnsClass)c)));

    internal static readonly Gen<DnsQuestion> Question =
        from name in Name
        from type in AnyType
        from cls in Class
        from qu in Bool
        select new DnsQuestion(name, type) { Class = cls, UnicastResponse = qu };

    internal static readonly Gen<DnsRecordData> Address =
        Bool.SelectMany(v6 => Gen.ArrayOf(Byte, v6 ? 16 : 4)).Select(a => (DnsRecordData)new AddressData(new IPAddress(a)));

    internal static readonly Gen<DnsRecordData> Ptr = Name.Select(n => (DnsRecordData)new PtrData(n));

    internal static readonly Gen<DnsRecordData> Srv =
        from priority in UInt16
        from weight in UInt16
        from port in UInt16
        from target in Name
        select (DnsRecordData)new SrvData(priority, weight, port, target);

    internal static readonly Gen<DnsRecordData> Txt =
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Frequency((3, ByteArray(0, 20)), (1, ByteArray(0, TxtData.MaxStringLength))), n))
            .Select(strings => (DnsRecordData)new TxtData(strings.Select(s => Bytes.Copy(s))));

    internal static readonly Gen<DnsRecordData> Nsec =
        from next in Name
        from types in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 255)), (1, Gen.Choose(0, ushort.MaxValue))), n))
        select (DnsRecordData)new NsecData(next, types.Select(t => (DnsRecordType)t));

    internal static readonly Gen<DnsRecordData> Unknown =
        from type in UInt16.Where(t => t is not (1 or 12 or 16 or 28 or 33 or 47))
        from data in ByteArray(0, 24)
        select (DnsRecordData)new UnknownData((DnsRecordType)type, Bytes.Copy(data));

    internal static readonly Gen<DnsRecordData> Data = Gen.OneOf(Address, Ptr, Srv, Txt, Nsec, Unknown);

    internal static readonly Gen<DnsRecord> Record =
        from name in Name
        from ttl in UInt32
        from data in Data
        from cls in Class
        from flush in Bool
        select new DnsRecord(name, ttl, data) { Class = cls, CacheFlush = flush };

    internal static Gen<ValueList<T>> ListOf<T>(Gen<T> gen, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(gen, n)).Select(a => ValueList.Create<T>(a));

    internal static readonly Gen<DnsMessage> Message =
        from id in UInt16
        from bits in Gen.ArrayOf(Bool, 6)
        from opcode in Gen.Choose(0, 15)
        from reserved in Gen.Choose(0, 7)
        from rcode in Gen.Choose(0, 15)
        from questions in ListOf(Question, 4)
        from answers in ListOf(Record, 5)
        from authorities in ListOf(Record, 3)
        from additionals in ListOf(Record, 5)
        select new DnsMessage
        {
            Id = id,
            IsResponse = bits[0],
            Authoritative = bits[1],
            Truncated = bits[2],
            RecursionDesired = bits[3],
            RecursionAvailable = bits[4],
            Opcode = (DnsOpcode)opcode,
            ReservedFlags = (byte)reserved,
            ResponseCode = (DnsResponseCode)rcode,
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
}
