using FsCheck.Xunit;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>
/// Decode(Encode(m)) == m over generated messages, names byte for byte (case included, though names
/// compare case-insensitively), and a second encoding gives the same bytes. Seeds are fixed
/// (<see cref="DnsGenerators.Seed"/>), so a failure reproduces.
/// </summary>
public class RoundTripProperties
{
    [Property(Arbitrary = new[] { typeof(DnsGenerators) }, Replay = DnsGenerators.Seed, MaxTest = 500)]
    public void Decode_OfEncode_GivesTheSameMessage(DnsMessage message)
    {
        var decoded = DnsCodec.Decode(DnsCodec.Encode(message));

        Assert.Equal(message, decoded);
    }

    [Property(Arbitrary = new[] { typeof(DnsGenerators) }, Replay = DnsGenerators.Seed, MaxTest = 500)]
    public void Decode_OfEncode_KeepsEveryNameExactly(DnsMessage message)
    {
        var decoded = DnsCodec.Decode(DnsCodec.Encode(message));

        var sent = MessageNames.All(message).ToList();
        var received = MessageNames.All(decoded).ToList();
        Assert.Equal(sent.Count, received.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.True(sent[i].EqualsExactly(received[i]), $"name {i}: sent {sent[i]}, received {received[i]}");
        }
    }

    [Property(Arbitrary = new[] { typeof(DnsGenerators) }, Replay = DnsGenerators.Seed, MaxTest = 300)]
    public void Encode_OfDecodedEncoding_SameBytes(DnsMessage message)
    {
        var bytes = DnsCodec.Encode(message);

        Assert.Equal(bytes, DnsCodec.Encode(DnsCodec.Decode(bytes)));
    }

    [Property(Arbitrary = new[] { typeof(DnsGenerators) }, Replay = DnsGenerators.Seed, MaxTest = 300)]
    public void Encode_Compressed_NoLongerThanUncompressedWireForms(DnsMessage message)
    {
        var bytes = DnsCodec.Encode(message);

        // Every name is at most its full wire form; everything else is fixed by the message.
        var uncompressed = bytes.Length + MessageNames.All(message).Sum(n => n.WireLength);
        Assert.True(bytes.Length <= uncompressed);
        Assert.True(bytes.Length >= DnsMessage.HeaderLength);
    }

    [Property(Arbitrary = new[] { typeof(DnsGenerators) }, Replay = DnsGenerators.Seed, MaxTest = 500)]
    public void Parse_OfToString_GivesTheSameBytes(DnsName name)
    {
        var text = name.ToString();

        Assert.True(DnsName.Parse(text).EqualsExactly(name), text);
    }
}
