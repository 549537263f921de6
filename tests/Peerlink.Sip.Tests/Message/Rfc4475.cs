using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>The RFC 4475 messages, embedded byte-exact from Message/Rfc4475/*.txt.</summary>
internal static class Rfc4475
{
    public static byte[] Bytes(string name)
    {
        using var stream = typeof(Rfc4475).Assembly.GetManifestResourceStream("Rfc4475." + name)
            ?? throw new InvalidOperationException($"no RFC 4475 message {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static SipParseResult Parse(string name, SipFraming framing = SipFraming.Datagram) => SipMessageParser.Parse(Bytes(name), framing);

    public static SipRequest Request(string name)
    {
        var result = Parse(name);
        Assert.True(result.IsOk, $"{name}: {result.Error}");
        return Assert.IsType<SipRequest>(result.Message);
    }

    public static SipResponse Response(string name)
    {
        var result = Parse(name);
        Assert.True(result.IsOk, $"{name}: {result.Error}");
        return Assert.IsType<SipResponse>(result.Message);
    }
}
