using System.Net;
using Peerlink.Sip.Dialogs;
using Peerlink.Sip.Media;
using Peerlink.Sip.Message;
using Peerlink.Sip.Sdp;
using Peerlink.Sip.Transactions;

namespace Peerlink.Sip.UserAgent;

/// <summary>Which way a call goes.</summary>
public enum SipCallDirection
{
    /// <summary>We sent the INVITE (UAC).</summary>
    Outgoing,

    /// <summary>We received the INVITE (UAS).</summary>
    Incoming,
}

/// <summary>Where a call is.</summary>
public enum SipCallState
{
    /// <summary>INVITE sent or received, no provisional response beyond 100 yet.</summary>
    Calling,

    /// <summary>180 (or another 1xx) received or sent.</summary>
    Ringing,

    /// <summary>Incoming: 200 sent, waiting for the ACK (the 200 is retransmitted, §13.3.1.4).</summary>
    Answered,

    /// <summary>2xx and ACK done: media flows.</summary>
    Established,

    /// <summary>BYE or CANCEL sent; waiting for its outcome.</summary>
    Ending,

    /// <summary>Over.</summary>
    Ended,
}

/// <summary>
/// One call of a <see cref="SipUserAgent"/>: its INVITE, its dialog once there is one, the offer and answer, and the
/// <see cref="RtpSession"/> set up from them. The UA changes it; the application reads it.
/// </summary>
public sealed class SipCall
{
    internal SipCall(int number, SipCallDirection direction, SipRequest invite, IPEndPoint peer, int localMediaPort)
    {
        Number = number;
        Direction = direction;
        Invite = invite;
        Peer = peer;
        LocalMediaPort = localMediaPort;
    }

    /// <summary>A number for logs, counting calls from 1.</summary>
    public int Number { get; }

    /// <summary>Outgoing or incoming.</summary>
    public SipCallDirection Direction { get; }

    /// <summary>Where the call is.</summary>
    public SipCallState State { get; internal set; }

    /// <summary>The INVITE (ours or the peer's).</summary>
    public SipRequest Invite { get; internal set; }

    /// <summary>The Call-ID.</summary>
    public string CallId => Invite.CallId ?? string.Empty;

    /// <summary>Where the INVITE went (outgoing) or came from (incoming).</summary>
    public IPEndPoint Peer { get; }

    /// <summary>The dialog, from the 2xx (outgoing) or the 180 we sent (incoming).</summary>
    public SipDialog? Dialog { get; internal set; }

    /// <summary>The local RTP port (RTCP on the next one unless <see cref="RtcpMux"/>).</summary>
    public int LocalMediaPort { get; }

    /// <summary>The offer (ours for outgoing, the peer's for incoming).</summary>
    public SdpSession? Offer { get; internal set; }

    /// <summary>The answer, once there is one.</summary>
    public SdpSession? Answer { get; internal set; }

    /// <summary>The audio stream negotiated.</summary>
    public SdpNegotiatedAudio? Audio { get; internal set; }

    /// <summary>Where our RTP goes.</summary>
    public IPEndPoint? RemoteMedia { get; internal set; }

    /// <summary>Where our RTCP goes: the peer's RTP port + 1, or the RTP port with rtcp-mux (RFC 5761).</summary>
    public IPEndPoint? RemoteControl => RemoteMedia is null ? null : RtcpMux ? RemoteMedia : new IPEndPoint(RemoteMedia.Address, RemoteMedia.Port + 1);

    /// <summary>RTP and RTCP on one port (the offer had a=rtcp-mux and we accepted it).</summary>
    public bool RtcpMux { get; internal set; }

    /// <summary>The media session, from the moment the SDP is agreed.</summary>
    public RtpSession? Media { get; internal set; }

    /// <summary>True once a 2xx was sent or received.</summary>
    public bool WasAnswered { get; internal set; }

    /// <summary>True once the first RTP packet came.</summary>
    public bool MediaStarted { get; internal set; }

    /// <summary>The status that ended the call (200 for a BYE answered, the final response of a failed INVITE, 408 for a timeout).</summary>
    public int? EndStatus { get; internal set; }

    /// <summary>Why the call ended, in words.</summary>
    public string? EndReason { get; internal set; }

    internal string LocalTag { get; set; } = string.Empty;

    internal SipTransactionId? InviteTransaction { get; set; }

    internal SipRequest? Ack { get; set; }

    internal SipResponse? Ok { get; set; }

    internal TimeSpan? OkRetransmitAt { get; set; }

    internal TimeSpan OkInterval { get; set; }

    internal TimeSpan? OkGiveUpAt { get; set; }

    internal bool CancelPending { get; set; }

    internal TimeSpan? CancelGiveUpAt { get; set; }

    internal bool ByePending { get; set; }

    internal TimeSpan? ForgetAt { get; set; }

    /// <summary>A compact form for logs.</summary>
    public override string ToString() => $"call {Number} ({Direction}, {State}, {CallId})";
}
