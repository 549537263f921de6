using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Peerlink.Core;

namespace Peerlink.Wire.Tests;

/// <summary>A generated message and the overlay ID length it is encoded and decoded with.</summary>
/// <param name="IdLength">WireOptions.IdLength for the non-short request types.</param>
/// <param name="Message">A message that follows every rule of the format.</param>
public sealed record MessageCase(int IdLength, P2ppMessage Message)
{
    public WireOptions Options => new() { IdLength = IdLength };
}

/// <summary>Bytes that start with a plausible header (V=1, the magic, a correct Message Length) and go on with noise.</summary>
/// <param name="Bytes">The whole datagram.</param>
/// <param name="IdLength">WireOptions.IdLength to decode with (small, so the noise reaches the object parser).</param>
public sealed record HeaderedNoise(byte[] Bytes, int IdLength)
{
    public override string ToString() => $"IdLength {IdLength}: {Convert.ToHexStringLower(Bytes)}";
}

/// <summary>
/// FsCheck generators for every object type and for whole messages whose header follows the rules:
/// 4-byte IDs for Enroll, Authenticate and Bootstrap, the overlay's width otherwise; a Response-ID
/// exactly in responses, responseACKs and ACKs; a response code of at most 9 bits. Values stay inside
/// what the decoder accepts (known enum codes where it checks them, percentages up to 100, ...).
/// </summary>
public static class Generators
{
    public static Arbitrary<MessageCase> MessageCases() => Arb.From(MessageCase());

    public static Arbitrary<P2ppMessage> Messages() => Arb.From(Message(20));

    public static Arbitrary<P2ppObject> Objects() => Arb.From(AnyObject());

    public static Arbitrary<HeaderedNoise> Noise() => Arb.From(HeaderedNoise);

    // ---- primitives ------------------------------------------------------------------------------

    internal static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(i => (byte)i);

    internal static readonly Gen<bool> Bool = Gen.Elements(false, true);

    internal static readonly Gen<ushort> UInt16 = Gen.Frequency(
        (1, Gen.Elements<ushort>(0, 1, ushort.MaxValue)),
        (4, Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i)));

    internal static readonly Gen<uint> UInt32 = Gen.Frequency(
        (1, Gen.Elements(0u, 1u, 0x7FFFFFFFu, 0x80000000u, uint.MaxValue)),
        (4, Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF), (hi, lo) => ((uint)hi << 16) | (uint)lo)));

    internal static Gen<byte[]> ByteArray(int min, int max) => Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Byte, n));

    internal static Gen<Bytes> Blob(int max) => ByteArray(0, max).Select(a => Bytes.Copy(a));

    internal static Gen<NodeId> IdOf(int length) => Gen.ArrayOf(Byte, length).Select(a => NodeId.FromBytes(a));

    /// <summary>An ID of 20 bytes mostly, any width from 1 to 64 sometimes.</summary>
    internal static readonly Gen<NodeId> AnyId = Gen.Frequency((3, Gen.Constant(20)), (1, Gen.Choose(1, NodeId.MaxLength))).SelectMany(IdOf);

    internal static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(x => (T?)x)));

    internal static Gen<T?> MaybeValue<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(x => (T?)x)));

    internal static Gen<ValueList<T>> ListOf<T>(Gen<T> gen, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(gen, n)).Select(a => ValueList.Create<T>(a));

    internal static readonly Gen<ContentType> ContentTypes = Byte.Select(b => (ContentType)b);

    /// <summary>Valid UTF-16 text with ASCII, Latin-1, CJK, an astral character, controls and JSON's escapes.</summary>
    internal static readonly Gen<string> Text =
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "Z", "0", " ", "é", "ß", "中", "😀", "\n", "\"", "\\", "\u0000", "/", "<"), n))
            .Select(string.Concat);

    // ---- objects ---------------------------------------------------------------------------------

    internal static Gen<IPAddress> Ip(bool v6) => Gen.ArrayOf(Byte, v6 ? 16 : 4).Select(a => new IPAddress(a));

    internal static readonly Gen<IceCandidate> Candidate =
        from v6 in Bool
        from address in Ip(v6)
        from port in UInt16
        from transport in Gen.Elements(Enum.GetValues<CandidateTransport>())
        from kind in Gen.Elements(Enum.GetValues<CandidateType>())
        from foundation in Byte
        from component in Byte
        from priority in UInt32
        from related in Maybe(Ip(v6))
        from relatedPort in UInt16
        select new IceCandidate(address, port, transport, kind, foundation, component, priority, related, related is null ? (ushort)0 : relatedPort);

    internal static readonly Gen<AddressInfo> AddressInfos =
        Gen.Frequency((4, Gen.Choose(1, 3)), (1, Gen.Choose(4, 8)))
            .SelectMany(n => Gen.ArrayOf(Candidate, n))
            .Select(a => new AddressInfo(ValueList.Create<IceCandidate>(a)));

    internal static readonly Gen<UnknownObject> Unknown =
        from code in Gen.Choose(27, 255)
        from value in Blob(12)
        select new UnknownObject((byte)code, value);

    internal static readonly Gen<ValueList<UnknownObject>> Extensions =
        Gen.Frequency((3, Gen.Constant(default(ValueList<UnknownObject>))), (1, ListOf(Unknown, 2)));

    internal static readonly Gen<Certificate> Certificates =
        from kind in Gen.Elements(Enum.GetValues<CertificateKind>())
        from der in Blob(24)
        select new Certificate(kind, der);

    internal static readonly Gen<Connections> ConnectionCounts =
        from n in UInt16
        from r in UInt16
        from c in UInt16
        select new Connections(n, r, c);

    internal static readonly Gen<NodeResourceUtilization> Utilizations =
        from bw in UInt32
        from cpu in Gen.Choose(0, 100)
        from use in Gen.Choose(0, 100)
        select new NodeResourceUtilization(bw, (byte)cpu, (byte)use);

    internal static readonly Gen<ResourceList> ResourceLists = ListOf(ContentTypes, 5).Select(l => new ResourceList(l));

    internal static readonly Gen<PeerInfo> PeerInfos =
        from shape in Gen.Choose(0, 2) // 0: ID only, 1: Address-Info only, 2: both (§9.3.1: at least one)
        from id in AnyId
        from address in AddressInfos
        from unhashed in MaybeValue(Blob(16))
        from uptime in MaybeValue(UInt32)
        from expires in MaybeValue(UInt32)
        from certificate in Maybe(Certificates)
        from connections in Maybe(ConnectionCounts)
        from utilization in Maybe(Utilizations)
        from services in Maybe(ResourceLists)
        from extensions in Extensions
        select new PeerInfo(shape == 1 ? null : id, shape == 0 ? null : address)
        {
            UnhashedId = unhashed,
            Uptime = uptime,
            Expires = expires,
            Certificate = certificate,
            Connections = connections,
            Utilization = utilization,
            Services = services,
            Extensions = extensions,
        };

    internal static readonly Gen<P2pOptions> P2pOptionValues =
        from hash in Gen.Elements(Enum.GetValues<HashAlgorithmCode>())
        from hashLength in Byte
        from algorithm in Gen.Elements(Enum.GetValues<OverlayAlgorithm>())
        from b in Byte
        from overlay in Blob(16)
        select new P2pOptions(hash, hashLength, algorithm, b, overlay);

    internal static readonly Gen<PLookup> PLookups =
        from count in Gen.Choose(0, PLookup.MaxCount)
        from mode in Gen.Elements(Enum.GetValues<PeerLookupMode>())
        from width in Gen.Frequency((3, Gen.Constant(20)), (1, Gen.Choose(1, NodeId.MaxLength)))
        from a in IdOf(width)
        from b in IdOf(width)
        select new PLookup((byte)count, mode, a, mode == PeerLookupMode.Range ? b : null);

    internal static readonly Gen<RLookup> RLookups =
        from type in ContentTypes
        from sub in Byte
        from id in AnyId
        from owner in MaybeValue(Blob(12))
        select new RLookup(type, sub, id, owner);

    internal static readonly Gen<ResourceObject> ResourceObjects =
        from type in ContentTypes
        from sub in Byte
        from id in AnyId
        from value in Gen.Frequency((5, Blob(40)), (1, Blob(600)))
        from owner in MaybeValue(Blob(12))
        from expires in MaybeValue(UInt32)
        from signature in MaybeValue(Blob(24))
        from certificate in Maybe(Certificates)
        from extensions in Extensions
        select new ResourceObject(type, sub, id, value)
        {
            Owner = owner,
            Expires = expires,
            Signature = signature,
            Certificate = certificate,
            Extensions = extensions,
        };

    internal static readonly Gen<MessagesReceived> MessageCounts =
        ListOf(Gen.Zip(Byte, Gen.Choose(0, (int)MessageCount.MaxCount), (t, n) => new MessageCount(t, (uint)n)), 4)
            .Select(l => new MessagesReceived(l));

    internal static readonly Gen<ErrorObject> Errors =
        from c in Byte
        from sub in Byte
        from type in Byte
        from reason in Text
        select new ErrorObject((ErrorClass)c, sub, type, reason);

    /// <summary>Every object type once, as a top-level object.</summary>
    internal static Gen<P2ppObject> AnyObject()
    {
        var all = new List<Gen<P2ppObject>>
        {
            PeerInfos.Select(x => (P2ppObject)x),
            AnyId.Select(x => (P2ppObject)new PeerIdObject(x)),
            AddressInfos.Select(x => (P2ppObject)x),
            Blob(16).Select(x => (P2ppObject)new UnhashedId(x)),
            UInt32.Select(x => (P2ppObject)new Uptime(x)),
            UInt32.Select(x => (P2ppObject)new RequestOptions((RequestOptionBits)x)),
            ListOf(Byte.Select(b => (ObjectType)b), 6).Select(x => (P2ppObject)new DiagnosticOptions(x)),
            ListOf(PeerInfos, 3).Select(x => (P2ppObject)new RoutingTable(x)),
            ListOf(PeerInfos, 3).Select(x => (P2ppObject)new NeighborTable(x)),
            PLookups.Select(x => (P2ppObject)x),
            AnyId.Select(x => (P2ppObject)new ResourceIdObject(x)),
            RLookups.Select(x => (P2ppObject)x),
            ResourceObjects.Select(x => (P2ppObject)x),
            UInt32.Select(x => (P2ppObject)new Expires(x)),
            Blob(16).Select(x => (P2ppObject)new Owner(x)),
            Blob(32).Select(x => (P2ppObject)new CertificateSigningRequest(x)),
            Certificates.Select(x => (P2ppObject)x),
            Blob(32).Select(x => (P2ppObject)new Signature(x)),
            UInt32.Select(x => (P2ppObject)new TimeWindow(x)),
            ConnectionCounts.Select(x => (P2ppObject)x),
            Utilizations.Select(x => (P2ppObject)x),
            MessageCounts.Select(x => (P2ppObject)x),
            UInt32.Select(x => (P2ppObject)new AsNumber(x)),
            Errors.Select(x => (P2ppObject)x),
            ResourceLists.Select(x => (P2ppObject)x),
            Blob(20).Select(x => (P2ppObject)new Password(x)),
            Gen.Elements("abcd", "ufrag+/9", "x1y2z3w4").Select(u => (P2ppObject)new IceCredentials(u, "pwd-of-twenty-two-chars" + u)),
            Unknown.Select(x => (P2ppObject)x),
            P2pOptionValues.Select(x => (P2ppObject)x),
        };
        return Gen.OneOf(all);
    }

    // ---- messages --------------------------------------------------------------------------------

    private static readonly ResponseCode[] DefinedCodes = Enum.GetValues<ResponseCode>();

    internal static Gen<P2ppHeader> Header(int idLength) =>
        from type in Gen.Choose(0, 16).Select(i => (RequestType)i)
        from kind in Gen.Elements(Enum.GetValues<MessageKind>())
        from ack in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from peer in Bool
        from recursive in Bool
        from code in Gen.Frequency((2, Gen.Elements(DefinedCodes)), (1, Gen.Choose(0, 0x1FF).Select(c => (ResponseCode)c)))
        from ttl in Byte
        from transaction in UInt32
        let width = (int)type <= 2 ? 4 : idLength // §9.1: 4 bytes for Enroll, Authenticate, Bootstrap
        from source in IdOf(width)
        from responder in IdOf(width)
        select new P2ppHeader(kind, type, transaction, source)
        {
            IsAck = ack,
            FromPeer = peer,
            Recursive = recursive,
            ResponseCode = code,
            Ttl = ttl,
            ResponseId = ack || kind is MessageKind.Response or MessageKind.ResponseAck ? responder : null,
        };

    internal static Gen<P2ppMessage> Message(int idLength) =>
        from header in Header(idLength)
        from objects in ListOf(AnyObject(), 5)
        select new P2ppMessage(header, objects);

    internal static Gen<MessageCase> MessageCase() =>
        from idLength in Gen.Frequency((3, Gen.Constant(20)), (1, Gen.Choose(1, NodeId.MaxLength)))
        from message in Message(idLength)
        select new MessageCase(idLength, message);

    // ---- noise -----------------------------------------------------------------------------------

    /// <summary>TLV-shaped noise: mostly known type codes and AB=00/01, lengths mostly right, containers nested.</summary>
    internal static Gen<byte[]> Tlvs(int depth) =>
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Tlv(depth), n)).Select(parts => parts.SelectMany(p => p).ToArray());

    private static Gen<byte[]> Tlv(int depth) =>
        from type in Gen.Frequency((6, Gen.Choose(0, 26)), (1, Gen.Choose(27, 255)))
        from flags in Gen.Frequency((6, Gen.Constant(0)), (2, Gen.Constant(0x40)), (1, Gen.Elements(0x80, 0xC0)), (1, Gen.Choose(0, 255)))
        from value in depth > 0 && type is 0 or 8 or 9 or 12 or 13
            ? Gen.Frequency((2, Tlvs(depth - 1).Select(v => PrefixFor(type, v))), (1, ByteArray(0, 24)))
            : ByteArray(0, 24)
        from lie in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Choose(-3, 3)), (1, Gen.Choose(0, 0xFFFF)))
        let length = lie > 3 ? lie : Math.Max(0, value.Length + lie)
        select Cat([(byte)type, (byte)flags, (byte)(length >> 8), (byte)length], value);

    internal static readonly Gen<HeaderedNoise> HeaderedNoise =
        from first in Gen.Choose(0, 63).Select(b => (byte)(0x40 | b)) // V=01, T A P R and 2 code bits random
        from second in Byte
        from type in Gen.Frequency((6, Gen.Choose(0, 16)), (1, Gen.Choose(17, 255)))
        from ttl in Byte
        from transaction in ByteArray(4, 4)
        from idLength in Gen.Frequency((3, Gen.Choose(1, 4)), (1, Gen.Constant(20)))
        let width = type <= 2 ? 4 : idLength
        from idCount in Gen.Choose(1, 2)
        from ids in Gen.Frequency((4, ByteArray(width * idCount, width * idCount)), (1, ByteArray(0, (2 * width) + 2)))
        from body in Gen.Frequency((1, ByteArray(0, 64)), (3, Tlvs(3)))
        let rest = Cat(ids, body)
        select new HeaderedNoise(
            Cat(
                [first, second, (byte)type, ttl, 0x59, 0x6A, 0xBF, 0x0D],
                transaction,
                [(byte)(rest.Length >> 24), (byte)(rest.Length >> 16), (byte)(rest.Length >> 8), (byte)rest.Length],
                rest),
            idLength);

    // Tables start with Num entries, RLookup and Resource-Object with Cont-type and Sub-type.
    private static byte[] PrefixFor(int type, byte[] inner) => type switch
    {
        8 or 9 => Cat([(byte)Math.Min(inner.Length / 8, 3)], inner),
        12 or 13 => Cat([0, 0], inner),
        _ => inner,
    };

    private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
