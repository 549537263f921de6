using FsCheck.Xunit;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>parse(write(m)) == m for generated messages and their parts; fixed seeds (<see cref="Replay.Seed"/>).</summary>
public class SipMessageRoundTripProperties
{
    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 400)]
    public void Parse_OfWrite_GivesTheSameMessage(SipMessage message)
    {
        var result = SipMessageParser.Parse(SipMessageWriter.ToBytes(message));

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(message, result.Message);
    }

    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 200)]
    public void Parse_OfWriteOverAStream_SameMessageAndConsumesItAll(SipMessage message)
    {
        var bytes = SipMessageWriter.ToBytes(message);
        var twice = bytes.Concat(bytes).ToArray();

        var result = SipMessageParser.Parse(twice, SipFraming.Stream);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(message, result.Message);
        Assert.Equal(bytes.Length, result.Consumed);
    }

    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 300)]
    public void Parse_OfToString_SameAddress(SipNameAddress address)
    {
        Assert.True(SipNameAddress.TryParse(address.ToString(), out var parsed, out var error), error);
        Assert.Equal(address, parsed);
    }

    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 300)]
    public void Parse_OfToString_SameVia(SipVia via)
    {
        Assert.True(SipVia.TryParse(via.ToString(), out var parsed, out var error), error);
        Assert.Equal(via, parsed);
    }
}
