using System.Buffers;
using Peerlink.Sip.Media;
using Peerlink.Sip.Message;
using Peerlink.Sip.Sdp;

namespace Peerlink.Fuzz;

/// <summary>
/// What one input must satisfy for the decoders of a SIP call (Peerlink.Sip): the SIP parser, as a
/// datagram and as a stream, never throws, and a message it accepts writes out to bytes it accepts
/// again as the same message, whose typed headers read without throwing; the SDP parser never throws
/// and what it accepts writes and parses back to the same session; RTP and RTCP readers and the WAV
/// reader never throw, and what they accept writes back to something they read as equal.
/// </summary>
public static class SipTarget
{
    public static void Check(ReadOnlySpan<byte> input)
    {
        foreach (var framing in new[] { SipFraming.Datagram, SipFraming.Stream })
        {
            var result = SipMessageParser.Parse(input, framing);
            if (result.IsOk)
            {
                var message = result.Message!;
                ReadTypedHeaders(message);
                var written = SipMessageWriter.ToBytes(message);
                var again = SipMessageParser.Parse(written);
                if (!again.IsOk || !Equals(again.Message, message))
                {
                    throw new RoundTripException($"an accepted SIP message writes to bytes that parse {(again.IsOk ? "to another message" : $"to nothing ({again.Error})")}", input, written);
                }
            }
            else if (result.Status == SipParseStatus.Rejected && result.Error is null)
            {
                throw new RoundTripException("a SIP message was rejected without a reason", input);
            }
        }

        if (SdpParser.TryParse(input, out var sdp, out _))
        {
            var text = SdpWriter.ToBytes(sdp);
            if (!SdpParser.TryParse(text, out var sdpAgain, out var sdpError) || !Equals(SdpWriter.Write(sdpAgain), SdpWriter.Write(sdp)))
            {
                throw new RoundTripException($"an accepted SDP body writes to one that parses differently ({sdpError})", input, text);
            }
        }

        if (RtpCodec.TryRead(input, out var rtp, out _))
        {
            var buffer = new ArrayBufferWriter<byte>();
            RtpCodec.Write(rtp, buffer);
            if (!RtpCodec.TryRead(buffer.WrittenSpan, out var rtpAgain, out var rtpError) || !rtpAgain.Equals(rtp))
            {
                throw new RoundTripException($"an accepted RTP packet writes to one read differently ({rtpError})", input, buffer.WrittenSpan.ToArray());
            }
        }

        if (RtcpCodec.TryReadCompound(input, out var rtcp, out _))
        {
            var buffer = new ArrayBufferWriter<byte>();
            RtcpCodec.WriteCompound(rtcp, buffer);
            if (!RtcpCodec.TryReadCompound(buffer.WrittenSpan, out var rtcpAgain, out var rtcpError) || !rtcpAgain.SequenceEqual(rtcp))
            {
                throw new RoundTripException($"an accepted RTCP compound packet writes to one read differently ({rtcpError})", input, buffer.WrittenSpan.ToArray());
            }
        }

        WavFile.TryRead(input, out _, out _);
        WavFile.TryRead(input, out _, out _, requiredSampleRate: 8000);
    }

    // The typed views a user agent reads from every message it accepts.
    private static void ReadTypedHeaders(SipMessage message)
    {
        _ = message.Vias;
        _ = message.From;
        _ = message.To;
        _ = message.Contacts;
        _ = message.Routes;
        _ = message.RecordRoutes;
        _ = message.CSeq;
        _ = message.MaxForwards;
        _ = message.Expires;
        _ = message.ContentType;
        if (message is SipRequest request)
        {
            _ = request.Uri;
        }
    }

    public static IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        const string invite =
            "INVITE sip:bob@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: Bob <sip:bob@example.com>\r\n" +
            "From: \"Alice\" <sip:alice@example.org>;tag=1928301774\r\n" +
            "Call-ID: a84b4c76e66710@pc33.example.org\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "Contact: <sip:alice@192.0.2.1:5060>\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: 133\r\n" +
            "\r\n" +
            "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        const string ringing =
            "SIP/2.0 180 Ringing\r\n" +
            "v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n" +
            "t: Bob <sip:bob@example.com>;tag=a6c85cf\r\n" +
            "f: \"Alice\" <sip:alice@example.org>;tag=1928301774\r\n" +
            "i: a84b4c76e66710@pc33.example.org\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "l: 0\r\n\r\n";
        const string sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
        yield return ("invite", System.Text.Encoding.UTF8.GetBytes(invite));
        yield return ("ringing-compact", System.Text.Encoding.UTF8.GetBytes(ringing));
        yield return ("sdp", System.Text.Encoding.UTF8.GetBytes(sdp));

        var rtp = new ArrayBufferWriter<byte>();
        RtpCodec.Write(new RtpPacket(0, 65535, 160, 0x1234_5678, Core.Bytes.Copy(new byte[160])) { Marker = true }, rtp);
        yield return ("rtp-pcmu", rtp.WrittenSpan.ToArray());

        var rtcp = new ArrayBufferWriter<byte>();
        RtcpCodec.WriteCompound([new RtcpSenderReport(0x1234_5678, 0xE000_0000_8000_0000, 160, 50, 8000), new RtcpGoodbye(Core.ValueList.Create<uint>([0x1234_5678]))], rtcp);
        yield return ("rtcp-sr-bye", rtcp.WrittenSpan.ToArray());

        var wav = new ArrayBufferWriter<byte>();
        WavFile.Write(wav, 8000, [0, 1000, -1000, short.MaxValue, short.MinValue]);
        yield return ("wav", wav.WrittenSpan.ToArray());
    }
}
