using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Peerlink.Wire.Json;

namespace Peerlink.Wire.Tests;

/// <summary>
/// Decode(Encode(m)) == m and Read(Write(m)) == m over generated messages (records, ValueList and Bytes
/// compare by value). Seeds are fixed (<see cref="Replay.Seed"/>), so a failure reproduces.
/// </summary>
public class RoundTripProperties
{
    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 400)]
    public void Decode_OfEncode_GivesTheSameMessage(MessageCase c)
    {
        var bytes = P2ppCodec.Encode(c.Message, c.Options);
        var decoded = P2ppCodec.Decode(bytes, c.Options);

        Assert.Equal(c.Message, decoded);
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 400)]
    public void Encode_OfDecodedEncoding_SameBytes(MessageCase c)
    {
        var bytes = P2ppCodec.Encode(c.Message, c.Options);

        Assert.Equal(bytes, P2ppCodec.Encode(P2ppCodec.Decode(bytes, c.Options), c.Options));
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 400)]
    public void Encode_MessageLengthAndFrame_MatchTheBytes(MessageCase c)
    {
        var bytes = P2ppCodec.Encode(c.Message, c.Options);

        Assert.True(P2ppFixedHeader.TryRead(bytes, out var h));
        Assert.True(h.IsP2pp);
        Assert.Equal(bytes.Length - 16, (int)h.MessageLength);
        Assert.Equal(bytes.Length, P2ppFixedHeader.FrameLength(bytes));
        Assert.Equal(c.Message.Header.Kind, h.Kind);
        Assert.Equal((ushort)c.Message.Header.ResponseCode, h.ResponseCode);
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 400)]
    public void Read_OfWrite_GivesTheSameMessage(P2ppMessage m)
    {
        Assert.Equal(m, P2ppJsonReader.Read(P2ppJsonWriter.Write(m)));
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 200)]
    public void Read_OfCompactWrite_GivesTheSameMessage(P2ppMessage m)
    {
        Assert.Equal(m, P2ppJsonReader.Read(P2ppJsonWriter.Write(m, indented: false)));
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 200)]
    public void Encode_OfJsonRead_SameBytesAsEncodeOfOriginal(P2ppMessage m)
    {
        var viaJson = P2ppJsonReader.Read(P2ppJsonWriter.Write(m));

        Assert.Equal(P2ppCodec.Encode(m), P2ppCodec.Encode(viaJson));
    }

    [Fact]
    public void Generators_ObjectsOfEveryType_Produced()
    {
        var seen = Gen.Sample(Generators.AnyObject(), 3000, new FsCheck.Rnd(17120194557944927926, 4336097830934015077), 30).Select(o => o.Type).ToHashSet();

        Assert.All(Enum.GetValues<ObjectType>(), t => Assert.Contains(t, seen));
        Assert.Contains(seen, t => !Enum.IsDefined(t));
    }

    [Fact]
    public void Generators_Headers_FollowTheIdAndResponseIdRules()
    {
        foreach (var h in Gen.Sample(Generators.Header(32), 2000, new FsCheck.Rnd(17120194557944927926, 4336097830934015077), 30))
        {
            Assert.Equal((int)h.RequestType <= 2 ? 4 : 32, h.SourceId.Length);
            Assert.Equal(h.IsAck || h.Kind >= MessageKind.Response, h.ResponseId is not null);
            Assert.InRange((int)h.ResponseCode, 0, 511);
        }
    }
}
