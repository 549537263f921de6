using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Peerlink.Core;
using Peerlink.Sip.Message;
using Peerlink.Sip.Sdp;

namespace Peerlink.Interop.Tests;

/// <summary>
/// A minimal UAC for the interop tests, until the user agent is there: one INVITE / 200 / ACK / BYE / 200
/// call over UDP (RFC 3261 §13, §15), built with Peerlink.Sip's codec and SDP offer, on a socket the
/// caller made (inside a namespace). No retransmissions: the veth does not lose packets, and every wait is
/// bounded. Each message received is parsed by <see cref="SipMessageParser"/> and kept for the assertions.
/// </summary>
internal sealed class SipUriTestCaller(Socket socket, IPEndPoint local)
{
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(5);
    private readonly byte[] _buffer = new byte[65_535];
    private int _branch;

    /// <summary>Every response received, in order.</summary>
    public List<SipResponse> Received { get; } = [];

    /// <summary>
    /// Calls <paramref name="requestUri"/> at <paramref name="destination"/> with <paramref name="to"/> in To, and
    /// hangs up at once after the ACK. Returns the final status of the INVITE and of the BYE.
    /// </summary>
    public (int Invite, int Bye) Call(string requestUri, string to, IPEndPoint destination)
    {
        var callId = $"{Guid.NewGuid():N}@{local.Address}";
        var from = $"<sip:caller@{local.Address}>;tag=plk{Environment.ProcessId}";
        var offer = SdpOfferAnswer.CreateOffer(new SdpAudioOptions { Address = local.Address, Port = 40_000, SessionId = 1, SessionVersion = 1 });
        var invite = Request("INVITE", requestUri, from, to, callId, 1);
        Send(invite with { Headers = [.. invite.Headers, new("Content-Type", "application/sdp")], Body = Bytes.Copy(SdpWriter.ToBytes(offer)) }, destination);
        var ok = ReceiveFinal(callId, "INVITE");
        if (ok.StatusCode is < 200 or >= 300)
        {
            return (ok.StatusCode, 0);
        }

        // §13.2.2.4: the ACK (a transaction of its own for a 2xx, so a new branch) and the BYE carry the remote
        // target (the 200's Contact) as Request-URI and the dialog's To tag; they go where the INVITE went.
        var remoteTo = ok.Get("To")!;
        var target = ok.Contacts.Count > 0 ? ok.Contacts[0].Uri : requestUri;
        Send(Request("ACK", target, from, remoteTo, callId, 1), destination);
        Send(Request("BYE", target, from, remoteTo, callId, 2), destination);
        return (ok.StatusCode, ReceiveFinal(callId, "BYE").StatusCode);
    }

    private SipRequest Request(string method, string uri, string from, string to, string callId, int cseq) => new(method, uri)
    {
        Headers =
        [
            new("Via", $"SIP/2.0/UDP {local.Address}:{local.Port.ToString(CultureInfo.InvariantCulture)};branch=z9hG4bKplk{(++_branch).ToString(CultureInfo.InvariantCulture)}x{Environment.ProcessId}"),
            new("Max-Forwards", "70"),
            new("From", from),
            new("To", to),
            new("Call-ID", callId),
            new("CSeq", $"{cseq.ToString(CultureInfo.InvariantCulture)} {method}"),
            new("Contact", $"<sip:caller@{local.Address}:{local.Port.ToString(CultureInfo.InvariantCulture)}>"),
            new("User-Agent", "Peerlink interop test caller"),
        ],
    };

    private void Send(SipRequest request, IPEndPoint destination) => socket.SendTo(SipMessageWriter.ToBytes(request), destination);

    /// <summary>The first final response to <paramref name="method"/> in this call; provisional ones are kept and skipped.</summary>
    private SipResponse ReceiveFinal(string callId, string method)
    {
        var deadline = DateTime.UtcNow + s_step;
        while (DateTime.UtcNow < deadline)
        {
            socket.ReceiveTimeout = Math.Max(1, (int)(deadline - DateTime.UtcNow).TotalMilliseconds);
            int n;
            try
            {
                n = socket.Receive(_buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                break;
            }

            var parsed = SipMessageParser.Parse(_buffer.AsSpan(0, n));
            if (parsed.Message is SipResponse r && r.CallId == callId && r.CSeq?.Method == method)
            {
                Received.Add(r);
                if (r.StatusCode >= 200)
                {
                    return r;
                }
            }
        }

        throw new TimeoutException($"no final response to {method} within {s_step.TotalSeconds} s; received: {string.Join(", ", Received)}");
    }
}
