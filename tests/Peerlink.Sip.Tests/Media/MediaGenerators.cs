using FsCheck;
using FsCheck.Fluent;
using Peerlink.Core;
using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

/// <summary>FsCheck generators for RTP and RTCP packets that follow every rule of the format.</summary>
public static class MediaGenerators
{
    public static Arbitrary<RtpPacket> RtpPackets() => Arb.From(Rtp);

    public static Arbitrary<RtcpCompound> RtcpCompounds() => Arb.From(Compound);

    private static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(i => (byte)i);

    private static readonly Gen<uint> UInt32 = Gen.Frequency(
        (1, Gen.Elements(0u, 1u, 0x7FFFFFFFu, 0x80000000u, uint.MaxValue)),
        (4, Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF), (hi, lo) => ((uint)hi << 16) | (uint)lo)));

    private static Gen<Bytes> BytesOf(int min, int max) => Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Byte, n)).Select(a => Bytes.Copy(a));

    private static Gen<Bytes> Words(int maxWords) => Gen.Choose(0, maxWords).SelectMany(n => Gen.ArrayOf(Byte, 4 * n)).Select(a => Bytes.Copy(a));

    private static Gen<ValueList<T>> ListOf<T>(Gen<T> gen, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(gen, n)).Select(a => ValueList.Create<T>(a));

    private static readonly Gen<RtpHeaderExtension?> Extension = Gen.Frequency(
        (2, Gen.Constant<RtpHeaderExtension?>(null)),
        (1, Gen.Zip(Gen.Choose(0, 0xFFFF), Words(6), (p, d) => (RtpHeaderExtension?)new RtpHeaderExtension((ushort)p, d))));

    internal static readonly Gen<RtpPacket> Rtp =
        from pt in Gen.Choose(0, 127)
        from seq in Gen.Choose(0, 0xFFFF)
        from ts in UInt32
        from ssrc in UInt32
        from payload in BytesOf(0, 200)
        from marker in Gen.Elements(false, true)
        from csrcs in ListOf(UInt32, 15)
        from extension in Extension
        from padding in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 255)))
        select new RtpPacket((byte)pt, (ushort)seq, ts, ssrc, payload)
        {
            Marker = marker,
            Csrcs = csrcs,
            Extension = extension,
            PaddingLength = padding,
        };

    private static readonly Gen<RtcpReportBlock> Block =
        from ssrc in UInt32
        from fraction in Byte
        from lost in Gen.Choose(-0x800000, 0x7FFFFF)
        from highest in UInt32
        from jitter in UInt32
        from lsr in UInt32
        from dlsr in UInt32
        select new RtcpReportBlock(ssrc, fraction, lost, highest, jitter, lsr, dlsr);

    private static readonly Gen<RtcpPacket> SenderReport =
        from ssrc in UInt32
        from ntpHi in UInt32
        from ntpLo in UInt32
        from rtp in UInt32
        from packets in UInt32
        from octets in UInt32
        from blocks in ListOf(Block, 4)
        from ext in Words(2)
        select (RtcpPacket)new RtcpSenderReport(ssrc, ((ulong)ntpHi << 32) | ntpLo, rtp, packets, octets) { Reports = blocks, ProfileExtension = ext };

    private static readonly Gen<RtcpPacket> ReceiverReport =
        from ssrc in UInt32
        from blocks in ListOf(Block, 4)
        from ext in Words(2)
        select (RtcpPacket)new RtcpReceiverReport(ssrc) { Reports = blocks, ProfileExtension = ext };

    private static readonly Gen<RtcpSdesItem> Item =
        from type in Gen.Choose(1, 8)
        from value in BytesOf(0, 40)
        select new RtcpSdesItem((RtcpSdesType)type, value);

    private static readonly Gen<RtcpPacket> Sdes =
        ListOf(Gen.Zip(UInt32, ListOf(Item, 4), (s, items) => new RtcpSdesChunk(s, items)), 3)
            .Select(chunks => (RtcpPacket)new RtcpSourceDescription(chunks));

    private static readonly Gen<RtcpPacket> Bye =
        from ssrcs in ListOf(UInt32, 4)
        from reason in Gen.Elements<string?>(null, "", "bye", "teardown", "été", "ß中😀")
        select (RtcpPacket)new RtcpGoodbye(ssrcs) { Reason = reason };

    private static readonly Gen<RtcpPacket> Unknown =
        from type in Gen.Elements<byte>(204, 205, 206, 207)
        from count in Gen.Choose(0, 31)
        from body in Words(4)
        select (RtcpPacket)new RtcpUnknownPacket(type, (byte)count, body);

    internal static readonly Gen<RtcpCompound> Compound =
        from head in Gen.OneOf(SenderReport, ReceiverReport)
        from tail in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.OneOf(SenderReport, ReceiverReport, Sdes, Bye, Unknown), n))
        select new RtcpCompound([head, .. tail]);
}

/// <summary>A compound RTCP packet: a list with content equality and a readable form.</summary>
/// <param name="Packets">SR or RR first, then anything.</param>
public sealed record RtcpCompound(ValueList<RtcpPacket> Packets)
{
    public override string ToString() => string.Join(" | ", Packets.Select(p => p.ToString()));
}
