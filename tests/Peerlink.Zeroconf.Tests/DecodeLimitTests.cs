using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>DnsOptions against hostile input: message length and the count of questions and records.</summary>
public class DecodeLimitTests
{
    /// <summary>A response whose header counts <paramref name="count"/> answers, with <paramref name="present"/> of them there: "host.local A" each (12 bytes after the first).</summary>
    private static byte[] Flood(int count, int present)
    {
        var bytes = new List<byte>(Hex.Parse("0000 8400 0000")) { (byte)(count >> 8), (byte)count };
        bytes.AddRange(Hex.Parse("0000 0000"));
        for (var i = 0; i < present; i++)
        {
            bytes.AddRange(i == 0 ? Hex.Parse("04 686f7374 05 6c6f63616c 00") : Hex.Parse("c00c"));
            bytes.AddRange(Hex.Parse("0001 0001 00001194 0004 0a000001"));
        }

        return [.. bytes];
    }

    [Fact]
    public void Decode_TenThousandRecordFlood_TooManyEntriesFromTheHeader()
    {
        // 10,000 answers counted; only the header (and a few records) present: refused from the count alone.
        var e = Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(Flood(10_000, 3)));

        Assert.Equal(DnsDecodeError.TooManyEntries, e.Error);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void Decode_FloodUnderARaisedLimit_TruncatedFromTheCountsBeforeReadingRecords()
    {
        // With the cap raised, 10,000 records cannot fit 9000 bytes (11 bytes each at least): refused at once.
        var e = Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(Flood(10_000, 500), new DnsOptions { MaxEntries = 65535 * 4 }));

        Assert.Equal(DnsDecodeError.Truncated, e.Error);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void Decode_EntriesAtTheLimit_AcceptedOneMoreRefused()
    {
        var atLimit = DnsCodec.Decode(Flood(DnsOptions.DefaultMaxEntries, DnsOptions.DefaultMaxEntries));
        var over = Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(Flood(DnsOptions.DefaultMaxEntries + 1, DnsOptions.DefaultMaxEntries + 1)));

        Assert.Equal(512, atLimit.Answers.Count);
        Assert.Equal(DnsDecodeError.TooManyEntries, over.Error);
    }

    [Fact]
    public void Decode_QuestionsCountTowardsTheLimit()
    {
        var bytes = Hex.Parse(MessageVectors.Probe.Hex); // 1 question + 1 authority record

        Assert.Equal(2, DnsCodec.Decode(bytes, new DnsOptions { MaxEntries = 2 }).EntryCount);
        Assert.Equal(DnsDecodeError.TooManyEntries, Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(bytes, new DnsOptions { MaxEntries = 1 })).Error);
    }

    [Fact]
    public void Decode_AllFourCountsAtMaximum_TooManyEntriesNoOverflow()
    {
        var e = Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(Hex.Parse("0000 0000 ffff ffff ffff ffff")));

        Assert.Equal(DnsDecodeError.TooManyEntries, e.Error);
        Assert.Contains("262140", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LongerThan9000Bytes_TooLarge()
    {
        var e = Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(new byte[9001]));

        Assert.Equal(DnsDecodeError.TooLarge, e.Error);
        Assert.Equal(9000, e.Offset);
        Assert.Equal(9000, DnsOptions.DefaultMaxMessageLength);
    }

    [Fact]
    public void Decode_ExactlyTheLengthLimit_NotTooLarge()
    {
        // 9000 bytes: an unknown record padded to fill them.
        var rdata = 9000 - 12 - 11;
        var bytes = Hex.Parse("0000 8400 0000 0001 0000 0000 00 ff00 0001 00000000 " + rdata.ToString("x4", System.Globalization.CultureInfo.InvariantCulture))
            .Concat(new byte[rdata]).ToArray();

        Assert.Equal(9000, bytes.Length);
        Assert.Equal(rdata, Assert.IsType<UnknownData>(DnsCodec.Decode(bytes).Answers[0].Data).Data.Length);
        Assert.Equal(DnsDecodeError.TooLarge, Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(bytes, new DnsOptions { MaxMessageLength = 8999 })).Error);
    }

    [Fact]
    public void DnsOptions_InvalidValues_ArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsOptions { MaxMessageLength = 11 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsOptions { MaxMessageLength = 65536 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsOptions { MaxEntries = 0 });
    }
}
