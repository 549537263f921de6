using FsCheck.Xunit;
using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Tests;

/// <summary>Decode(Encode(r)) == r, plain and sealed, over generated records; seeds fixed (<see cref="Generators.Seed"/>).</summary>
public class RoundTripProperties
{
    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Generators.Seed, MaxTest = 500)]
    public void Decode_OfEncode_GivesTheSameRecord(ServiceRecord record)
    {
        Assert.True(ServiceRecordCodec.TryDecode(ServiceRecordCodec.Encode(record), out var decoded, out var error), error.ToString());
        Assert.Equal(record, decoded);
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Generators.Seed, MaxTest = 300)]
    public void Encode_OfDecodedEncoding_SameBytes(ServiceRecord record)
    {
        var bytes = ServiceRecordCodec.Encode(record);

        Assert.True(ServiceRecordCodec.TryDecode(bytes, out var decoded, out _));
        Assert.Equal(bytes, ServiceRecordCodec.Encode(decoded));
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Generators.Seed, MaxTest = 300)]
    public void Open_OfSeal_GivesTheSameRecord(ServiceRecord record)
    {
        var sealedRecord = ServiceRecordCodec.Encode(record, Samples.Columbia);

        Assert.Equal(ServiceRecordCodec.Encode(record).Length + RecordSeal.Overhead, sealedRecord.Length);
        Assert.True(ServiceRecordCodec.TryDecode(sealedRecord, Samples.Columbia, out var decoded, out var error), error.ToString());
        Assert.Equal(record, decoded);
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Generators.Seed, MaxTest = 100)]
    public void Decode_EveryPrefixOfAnEncoding_DroppedAsMalformed(ServiceRecord record)
    {
        var bytes = ServiceRecordCodec.Encode(record);

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(ServiceRecordCodec.TryDecode(bytes.AsSpan(0, length), out _, out var error));
            Assert.Equal(RecordDrop.Malformed, error.Drop);
        }
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Generators.Seed, MaxTest = 200)]
    public void Decode_OneByteChanged_NeverThrowsAndWhatDecodesReencodesTheSame(ServiceRecord record, int position, byte value)
    {
        var bytes = ServiceRecordCodec.Encode(record);
        bytes[(int)((uint)position % (uint)bytes.Length)] = value;

        if (ServiceRecordCodec.TryDecode(bytes, out var decoded, out _))
        {
            Assert.Equal(bytes, ServiceRecordCodec.Encode(decoded));
        }
    }

    [Property(Replay = Generators.Seed, MaxTest = 500)]
    public void Decode_ArbitraryBytes_NeverThrows(byte[] bytes)
    {
        ServiceRecordCodec.TryDecode(bytes, out _, out _);
        ServiceRecordCodec.TryDecode(bytes, Samples.Columbia, out _, out _);

        // The same after a valid header, which gets the fields read.
        var withHeader = new byte[] { 0x7A, 0x32, 1, (byte)(bytes.Length > 0 ? bytes[0] & 0x01 : 0) }.Concat(bytes).ToArray();
        if (ServiceRecordCodec.TryDecode(withHeader, out var decoded, out _))
        {
            Assert.Equal(withHeader, ServiceRecordCodec.Encode(decoded));
        }
    }
}
