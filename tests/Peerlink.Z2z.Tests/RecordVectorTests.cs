using System.Buffers;
using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Tests;

/// <summary>The exact bytes of one record, plain and sealed, against vectors made outside the codec (docs/z2z.md).</summary>
public class RecordVectorTests
{
    [Fact]
    public void Encode_SampleRecord_GivesTheDocumentedBytes()
    {
        Assert.Equal(Convert.ToHexStringLower(Samples.RecordBytes), Convert.ToHexStringLower(ServiceRecordCodec.Encode(Samples.Record)));
    }

    [Fact]
    public void Decode_DocumentedBytes_GivesTheSampleRecord()
    {
        Assert.True(ServiceRecordCodec.TryDecode(Samples.RecordBytes, out var record, out var error), error.ToString());
        Assert.Equal(Samples.Record, record);
        Assert.Equal(RecordDrop.None, error.Drop);
    }

    [Fact]
    public void Encode_IntoBufferWriter_SameBytesAsArray()
    {
        var output = new ArrayBufferWriter<byte>();

        var written = ServiceRecordCodec.Encode(Samples.Record, output);

        Assert.Equal(Samples.RecordBytes.Length, written);
        Assert.Equal(Samples.RecordBytes, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Encode_Sealed_MatchesTheIndependentPythonVector()
    {
        // A seal of its own: the nonce must be the first of the counting sequence, 00 01 .. 0b.
        var seal = new RecordSeal(Samples.Passphrase, "columbia", new CountingNonces().Fill);

        var sealedRecord = ServiceRecordCodec.Encode(Samples.Record, seal);

        Assert.Equal(Convert.ToHexStringLower(Samples.SealedBytes), Convert.ToHexStringLower(sealedRecord));
    }

    [Fact]
    public void Decode_PythonSealedVector_GivesTheSampleRecord()
    {
        Assert.True(ServiceRecordCodec.TryDecode(Samples.SealedBytes, Samples.Columbia, out var record, out var error), error.ToString());
        Assert.Equal(Samples.Record, record);
    }

    [Fact]
    public void Encode_SealedIntoBufferWriter_AddsExactlyTheOverhead()
    {
        var output = new ArrayBufferWriter<byte>();

        var written = ServiceRecordCodec.Encode(Samples.Record, output, Samples.Columbia);

        Assert.Equal(Samples.RecordBytes.Length + RecordSeal.Overhead, written);
        Assert.True(ServiceRecordCodec.TryDecode(output.WrittenSpan, Samples.Columbia, out var record, out _));
        Assert.Equal(Samples.Record, record);
    }

    [Fact]
    public void Encode_Withdrawn_SetsOnlyTheWithdrawnBit()
    {
        var bytes = ServiceRecordCodec.Encode(Samples.Record with { Withdrawn = true });

        Assert.Equal(0x01, bytes[3]);
        Assert.Equal(Samples.RecordBytes.AsSpan(4).ToArray(), bytes.AsSpan(4).ToArray());
    }

    [Fact]
    public void Encode_NoAddressesAndEmptyTxt_IsTheShortestForm()
    {
        var record = new ServiceRecord(Samples.Record.Exporter, "_a._udp", "x", 1);

        var bytes = ServiceRecordCodec.Encode(record);

        // 22 fixed + 1+7 type + 1+1 instance + 1 host + 1 count + 2+1 TXT (one empty string).
        Assert.Equal(37, bytes.Length);
        Assert.Equal("0001" + "00", Convert.ToHexStringLower(bytes[^3..]));
        Assert.True(ServiceRecordCodec.TryDecode(bytes, out var decoded, out _));
        Assert.Equal(record, decoded);
    }

    [Fact]
    public void ExpiresAt_LatestTimeAndLongestTtl_DoesNotWrap()
    {
        var record = Samples.Record with { RefreshedAt = uint.MaxValue, Ttl = uint.MaxValue };

        Assert.Equal(2UL * uint.MaxValue, record.ExpiresAt);
    }
}
