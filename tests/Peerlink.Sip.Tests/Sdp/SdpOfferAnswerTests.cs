using System.Net;
using FsCheck.Xunit;
using Peerlink.Sip.Sdp;

namespace Peerlink.Sip.Tests.Sdp;

/// <summary>The offer/answer model (RFC 3264) for G.711 and telephone-event.</summary>
public class SdpOfferAnswerTests
{
    private static readonly SdpAudioOptions Alice = new() { Address = IPAddress.Parse("192.0.2.10"), Port = 49170, SessionId = 2890844526, SessionVersion = 1, UserName = "alice" };

    private static readonly SdpAudioOptions Bob = new() { Address = IPAddress.Parse("192.0.2.20"), Port = 3456, SessionId = 2808844564, SessionVersion = 1, UserName = "bob" };

    private static SdpSession Parse(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var s, out var error), error);
        return s;
    }

    [Fact]
    public void CreateOffer_Defaults_PcmuPcmaAndTelephoneEvent101()
    {
        var offer = SdpWriter.Write(SdpOfferAnswer.CreateOffer(Alice));

        Assert.Equal(
            "v=0\r\no=alice 2890844526 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
            "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n",
            offer);
    }

    [Fact]
    public void Answer_Rfc3264Section10Offer_AcceptsPcmuRejectsVideoInPlace()
    {
        // RFC 3264 §10.1's offer: audio 0 8 97 (iLBC) and video 31 32.
        var offer = Parse("v=0\r\no=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\ns=\r\nc=IN IP4 host.atlanta.example.com\r\nt=0 0\r\n" +
            "m=audio 49170 RTP/AVP 0 8 97\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:97 iLBC/8000\r\n" +
            "m=video 51372 RTP/AVP 31 32\r\na=rtpmap:31 H261/90000\r\na=rtpmap:32 MPV/90000\r\n");

        var result = SdpOfferAnswer.Answer(offer, Bob);

        Assert.Equal(2, result.Answer.Media.Count);
        Assert.Equal(["0"], result.Answer.Media[0].Formats);
        Assert.Equal(3456, result.Answer.Media[0].Port);
        Assert.Equal("video", result.Answer.Media[1].MediaType);
        Assert.Equal(0, result.Answer.Media[1].Port);
        Assert.Equal(["31", "32"], result.Answer.Media[1].Formats);
        Assert.Equal(new SdpNegotiatedAudio(0, "host.atlanta.example.com", 49170, SdpCodec.Pcmu, null, null, SdpDirection.SendReceive), result.Audio);
    }

    [Fact]
    public void Answer_OfferPreferringPcmaOnADynamicType_KeepsTheOffersPayloadTypes()
    {
        // §6.1: the answer uses the offer's payload type numbers.
        var offer = Parse("v=0\r\no=- 7 7 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" +
            "m=audio 7078 RTP/AVP 18 96 0 97\r\na=rtpmap:96 PCMA/8000\r\na=rtpmap:97 telephone-event/8000\r\na=fmtp:97 0-15\r\na=ptime:30\r\n");

        var result = SdpOfferAnswer.Answer(offer, Bob);

        var m = result.Answer.Media.Single();
        Assert.Equal(["96", "97"], m.Formats);
        Assert.Equal([new SdpCodec(96, "PCMA", 8000), new SdpCodec(97, "telephone-event", 8000, 1, "0-15")], m.Codecs);
        Assert.Equal(96, result.Audio!.Codec.PayloadType);
        Assert.Equal(97, result.Audio.TelephoneEvent!.PayloadType);
        Assert.Equal(30, result.Audio.Ptime);
    }

    [Fact]
    public void Answer_NoCodecInCommon_EveryStreamPortZeroAndNoAudio()
    {
        var offer = Parse("v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 7078 RTP/AVP 18 3\r\n");

        var result = SdpOfferAnswer.Answer(offer, Bob);

        Assert.Null(result.Audio);
        Assert.Equal(0, result.Answer.Media.Single().Port);
        Assert.Equal(["18", "3"], result.Answer.Media.Single().Formats);
    }

    [Fact]
    public void Answer_SecondAudioStreamAndSecureProfile_Rejected()
    {
        var offer = Parse("v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" +
            "m=audio 7000 RTP/SAVP 0\r\nm=audio 7002 RTP/AVP 8\r\nm=audio 7004 RTP/AVP 0\r\n");

        var result = SdpOfferAnswer.Answer(offer, Bob);

        Assert.Equal([0, 3456, 0], result.Answer.Media.Select(m => m.Port));
        Assert.Equal(1, result.Audio!.Index);
        Assert.Equal(SdpCodec.Pcma, result.Audio.Codec);
    }

    [Theory]
    [InlineData("sendonly", SdpDirection.ReceiveOnly)]
    [InlineData("recvonly", SdpDirection.SendOnly)]
    [InlineData("inactive", SdpDirection.Inactive)]
    [InlineData("sendrecv", SdpDirection.SendReceive)]
    public void Answer_OfferDirection_AnswerHasTheComplement(string offered, SdpDirection answered)
    {
        // RFC 3264 §6.1.
        var offer = Parse($"v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 7078 RTP/AVP 0\r\na={offered}\r\n");

        var result = SdpOfferAnswer.Answer(offer, Bob);

        Assert.Equal(answered, result.Answer.Media.Single().Direction);
        Assert.Equal(answered, result.Audio!.Direction);
    }

    [Fact]
    public void TryReadAnswer_AnswerToOurOffer_TheAgreedStream()
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice);
        var answer = Parse(SdpWriter.Write(SdpOfferAnswer.Answer(offer, Bob with { Codecs = [SdpCodec.Pcma] }).Answer));

        Assert.True(SdpOfferAnswer.TryReadAnswer(offer, answer, out var stream, out var error), error);

        Assert.Equal(new SdpNegotiatedAudio(0, "192.0.2.20", 3456, SdpCodec.Pcma, SdpCodec.TelephoneEvent, 20, SdpDirection.SendReceive), stream);
    }

    [Theory]
    [InlineData("m=audio 3456 RTP/AVP 9\r\n", "format 9 on m= line 0 was not offered")]
    [InlineData("m=audio 3456 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n", "2 m= lines for the offer's 1")]
    [InlineData("m=video 3456 RTP/AVP 0\r\n", "is video in the answer")]
    [InlineData("m=audio 0 RTP/AVP 0\r\n", "rejects every stream")]
    [InlineData("m=audio 3456 RTP/AVP 101\r\n", "without a codec we offered")]
    public void TryReadAnswer_AnswerBreakingSection6_FalseWithReason(string mediaLines, string reason)
    {
        var offer = SdpOfferAnswer.CreateOffer(Alice);
        var answer = Parse("v=0\r\no=- 2 2 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n" + mediaLines);

        Assert.False(SdpOfferAnswer.TryReadAnswer(offer, answer, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Property(Replay = Replay.Seed, MaxTest = 200)]
    public void Parse_OfWrite_SameOfferAndAnswer(ushort port, ulong id, bool ipv6, bool noDtmf)
    {
        var local = Alice with
        {
            Port = port,
            SessionId = id,
            Address = ipv6 ? IPAddress.Parse("2001:db8::7") : Alice.Address,
            TelephoneEvent = noDtmf ? null : SdpCodec.TelephoneEvent,
        };
        var offer = SdpOfferAnswer.CreateOffer(local);
        var answer = SdpOfferAnswer.Answer(offer, Bob).Answer;

        Assert.Equal(offer, Parse(SdpWriter.Write(offer)));
        Assert.Equal(answer, Parse(SdpWriter.Write(answer)));
    }
}
