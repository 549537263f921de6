using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Peerlink.Core;

namespace Peerlink.Sip.Sdp;

/// <summary>What we offer and accept for audio: our address and port, codecs in order of preference, DTMF, ptime.</summary>
public sealed record SdpAudioOptions
{
    /// <summary>The address RTP should be sent to (c=).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The RTP port (m=); even by custom (RFC 3550 §11), RTCP on the next one.</summary>
    public required int Port { get; init; }

    /// <summary>o='s sess-id: a number unique to this session (RFC 4566 §5.2 suggests an NTP timestamp).</summary>
    public ulong SessionId { get; init; }

    /// <summary>o='s sess-version: raise it with every new offer in the session (RFC 3264 §8).</summary>
    public ulong SessionVersion { get; init; }

    /// <summary>o='s username.</summary>
    public string UserName { get; init; } = "-";

    /// <summary>The codecs we send and receive, preferred first: PCMU and PCMA (G.711, RFC 3551 §4.5.14).</summary>
    public ValueList<SdpCodec> Codecs { get; init; } = [SdpCodec.Pcmu, SdpCodec.Pcma];

    /// <summary>telephone-event (RFC 4733) to offer and accept, or null for none.</summary>
    public SdpCodec? TelephoneEvent { get; init; } = SdpCodec.TelephoneEvent;

    /// <summary>a=ptime: milliseconds of audio per packet.</summary>
    public int Ptime { get; init; } = 20;

    /// <summary>Our direction in an offer, and in an answer to a sendrecv offer.</summary>
    public SdpDirection Direction { get; init; } = SdpDirection.SendReceive;
}

/// <summary>An audio stream both sides agreed on.</summary>
/// <param name="Index">Its m= line's position (0-based) in the offer and the answer.</param>
/// <param name="RemoteAddress">Where to send RTP (the peer's c=).</param>
/// <param name="RemotePort">The peer's RTP port.</param>
/// <param name="Codec">The codec, with the payload type the offer gave it.</param>
/// <param name="TelephoneEvent">telephone-event with the offer's payload type, or null when not agreed.</param>
/// <param name="Ptime">The peer's a=ptime, or null.</param>
/// <param name="Direction">Our direction on the stream.</param>
public sealed record SdpNegotiatedAudio(int Index, string RemoteAddress, int RemotePort, SdpCodec Codec, SdpCodec? TelephoneEvent, int? Ptime, SdpDirection Direction);

/// <summary>An answer and the stream it accepts (null when it rejects every stream: answer the INVITE with 488).</summary>
/// <param name="Answer">The answer to send.</param>
/// <param name="Audio">The accepted audio stream, or null.</param>
public sealed record SdpAnswerResult(SdpSession Answer, SdpNegotiatedAudio? Audio);

/// <summary>
/// The offer/answer model (RFC 3264) for one audio stream of G.711 and telephone-event: make an offer (§5), answer
/// one (§6), read the answer to ours (§7). Streams we do not take (video, a second audio stream, no common codec,
/// another profile) are rejected with port 0, in place.
/// </summary>
public static class SdpOfferAnswer
{
    /// <summary>An offer of one sendrecv audio stream with our codecs, payload types 0, 8 and 101 (§5).</summary>
    public static SdpSession CreateOffer(SdpAudioOptions local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var codecs = local.TelephoneEvent is null ? [.. local.Codecs] : local.Codecs.Append(local.TelephoneEvent).ToList();
        return Session(local) with { Media = [Audio(local, codecs, local.Direction)] };
    }

    /// <summary>
    /// Answers <paramref name="offer"/> (§6): as many m= lines as the offer, in its order. The first audio RTP/AVP
    /// stream with a codec we support is accepted with the first such codec in the offer's order, keeping the
    /// offer's payload types (§6.1), plus telephone-event when both have it; every other stream gets port 0.
    /// </summary>
    public static SdpAnswerResult Answer(SdpSession offer, SdpAudioOptions local)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        var media = new List<SdpMedia>();
        SdpNegotiatedAudio? accepted = null;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var m = offer.Media[i];
            var address = offer.ConnectionFor(m)?.Address;
            var codec = accepted is null && IsAudio(m) && m.Port != 0 && address is not null ? FirstSupported(m, local) : null;
            if (codec is null)
            {
                // §6: a rejected stream keeps the media type and formats with port 0.
                media.Add(new SdpMedia { MediaType = m.MediaType, Port = 0, Protocol = m.Protocol, Formats = m.Formats });
                continue;
            }

            var events = local.TelephoneEvent is null ? null
                : m.Codecs.FirstOrDefault(c => c.Is(local.TelephoneEvent.Name, local.TelephoneEvent.ClockRate)) is { } te
                    ? te with { Fmtp = te.Fmtp ?? local.TelephoneEvent.Fmtp } : null;
            var direction = m.Direction switch
            {
                SdpDirection.SendOnly => SdpDirection.ReceiveOnly,
                SdpDirection.ReceiveOnly => SdpDirection.SendOnly,
                SdpDirection.Inactive => SdpDirection.Inactive,
                _ => local.Direction,
            };
            media.Add(Audio(local, events is null ? [codec] : [codec, events], direction));
            accepted = new SdpNegotiatedAudio(i, address!, m.Port, codec, events, m.Ptime, direction);
        }

        return new SdpAnswerResult(Session(local) with { Media = [.. media] }, accepted);
    }

    /// <summary>
    /// Reads the answer to <paramref name="offer"/> (§7): false, with a reason, when it breaks §6 (a different
    /// number of m= lines, another media type, a codec we did not offer) or accepts no stream.
    /// </summary>
    public static bool TryReadAnswer(SdpSession offer, SdpSession answer, [NotNullWhen(true)] out SdpNegotiatedAudio? stream, out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        stream = null;
        if (answer.Media.Count != offer.Media.Count)
        {
            error = $"the answer has {answer.Media.Count} m= lines for the offer's {offer.Media.Count} (§6)";
            return false;
        }

        for (var i = 0; i < offer.Media.Count; i++)
        {
            var (o, a) = (offer.Media[i], answer.Media[i]);
            if (!a.MediaType.Equals(o.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                error = $"m= line {i} is {a.MediaType} in the answer but {o.MediaType} in the offer (§6)";
                return false;
            }

            if (a.Port == 0 || o.Port == 0 || stream is not null)
            {
                continue;
            }

            SdpCodec? codec = null;
            SdpCodec? events = null;
            foreach (var format in a.Formats)
            {
                if (!o.Formats.Contains(format))
                {
                    error = $"the answer's format {format} on m= line {i} was not offered (§6.1)";
                    return false;
                }

                var offered = o.Codec(format);
                if (offered is null)
                {
                    continue;
                }

                if (offered.Is("telephone-event", offered.ClockRate))
                {
                    events ??= a.Codec(format) ?? offered;
                }
                else
                {
                    codec ??= offered;
                }
            }

            if (codec is null || answer.ConnectionFor(a) is not { } connection)
            {
                error = $"the answer accepts m= line {i} without a codec we offered or without a c= line";
                return false;
            }

            var direction = a.Direction switch
            {
                SdpDirection.SendOnly => SdpDirection.ReceiveOnly,
                SdpDirection.ReceiveOnly => SdpDirection.SendOnly,
                SdpDirection.Inactive => SdpDirection.Inactive,
                _ => o.Direction,
            };
            stream = new SdpNegotiatedAudio(i, connection.Address, a.Port, codec, events, a.Ptime, direction);
        }

        error = stream is null ? "the answer rejects every stream" : null;
        return stream is not null;
    }

    private static bool IsAudio(SdpMedia m) =>
        m.MediaType.Equals("audio", StringComparison.OrdinalIgnoreCase) && m.Protocol.Equals(SdpCodec.RtpAvp, StringComparison.OrdinalIgnoreCase);

    /// <summary>The offer's first format that is one of our codecs, by rtpmap name and rate, or by static type.</summary>
    private static SdpCodec? FirstSupported(SdpMedia m, SdpAudioOptions local)
    {
        foreach (var format in m.Formats)
        {
            if (m.Codec(format) is { } c && local.Codecs.Any(ours => c.Is(ours.Name, ours.ClockRate) && c.Channels == ours.Channels))
            {
                return c;
            }
        }

        return null;
    }

    private static SdpSession Session(SdpAudioOptions local)
    {
        var connection = SdpConnection.For(local.Address);
        return new SdpSession
        {
            Origin = new SdpOrigin(local.UserName, local.SessionId, local.SessionVersion, connection.NetworkType, connection.AddressType, connection.Address),
            SessionName = "-",
            Connection = connection,
        };
    }

    private static SdpMedia Audio(SdpAudioOptions local, IReadOnlyList<SdpCodec> codecs, SdpDirection direction)
    {
        var attributes = new List<SdpAttributeLine>();
        foreach (var c in codecs)
        {
            attributes.Add(new SdpAttributeLine("rtpmap", c.RtpMap));
            if (c.Fmtp is not null)
            {
                attributes.Add(new SdpAttributeLine("fmtp", c.PayloadType.ToString(CultureInfo.InvariantCulture) + " " + c.Fmtp));
            }
        }

        attributes.Add(new SdpAttributeLine("ptime", local.Ptime.ToString(CultureInfo.InvariantCulture)));
        attributes.Add(new SdpAttributeLine(direction switch
        {
            SdpDirection.SendOnly => "sendonly",
            SdpDirection.ReceiveOnly => "recvonly",
            SdpDirection.Inactive => "inactive",
            _ => "sendrecv",
        }, null));
        return new SdpMedia
        {
            MediaType = "audio",
            Port = local.Port,
            Protocol = SdpCodec.RtpAvp,
            Formats = [.. codecs.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture))],
            Attributes = [.. attributes],
        };
    }
}
