namespace Peerlink.Sip.Dialogs;

/// <summary>
/// A dialog's identity (RFC 3261 §12): the Call-ID, the local tag and the remote tag. For a UAC the local tag is
/// the From tag and the remote tag the To tag of a response; for a UAS, the other way round (§12.1.1, §12.1.2).
/// </summary>
/// <param name="CallId">The Call-ID (compared case-sensitively, §20.8).</param>
/// <param name="LocalTag">Our tag.</param>
/// <param name="RemoteTag">The peer's tag (empty for an RFC 2543 peer that sent none, §12.1.2).</param>
public readonly record struct SipDialogId(string CallId, string LocalTag, string RemoteTag)
{
    /// <summary>A compact form for logs.</summary>
    public override string ToString() => $"{CallId};local={LocalTag};remote={RemoteTag}";
}
