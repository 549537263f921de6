using Peerlink.Sip.Message;

namespace Peerlink.Sip.Dialogs;

// RFC 3261 §12: the state a dialog keeps.
//
//   dialog ID        Call-ID, local tag, remote tag                         (§12)
//   local URI        our From (UAC) / the request's To (UAS)                (§12.1.1, §12.1.2)
//   remote URI       the To (UAC) / the request's From (UAS)
//   local CSeq       the INVITE's (UAC) / empty until we send (UAS)
//   remote CSeq      empty (UAC) / the INVITE's (UAS)
//   remote target    the Contact of the 2xx (UAC) / of the INVITE (UAS)
//   route set        the 2xx's Record-Route reversed (UAC) / the INVITE's in order (UAS)
//
// A request within the dialog (§12.2.1.1): Request-URI = remote target when the route set is empty or its first
// entry has ;lr (loose routing); otherwise the first route becomes the Request-URI and the remote target the last
// Route (strict routing). To = remote URI with the remote tag, From = local URI with the local tag, CSeq = local
// CSeq + 1 (ACK and CANCEL reuse the INVITE's number instead).

/// <summary>
/// An RFC 3261 §12 dialog: its identity, the sequence numbers both ways, the remote target and the route set, and
/// the requests made within it. A value of state only: it sends nothing.
/// </summary>
public sealed class SipDialog
{
    private SipDialog(SipDialogId id, SipNameAddress localUri, SipNameAddress remoteUri, string remoteTarget, IReadOnlyList<SipNameAddress> routes)
    {
        Id = id;
        LocalUri = localUri;
        RemoteUri = remoteUri;
        RemoteTarget = remoteTarget;
        RouteSet = routes;
    }

    /// <summary>Call-ID and tags.</summary>
    public SipDialogId Id { get; }

    /// <summary>Our address-of-record, without the tag.</summary>
    public SipNameAddress LocalUri { get; }

    /// <summary>The peer's address-of-record, without the tag.</summary>
    public SipNameAddress RemoteUri { get; }

    /// <summary>Where requests within the dialog go: the peer's Contact (§12.1.1, §12.1.2).</summary>
    public string RemoteTarget { get; private set; }

    /// <summary>The route set: the Record-Route of the dialog-forming message, in the order requests carry it.</summary>
    public IReadOnlyList<SipNameAddress> RouteSet { get; }

    /// <summary>The last CSeq number we sent (0: none yet, a UAS's dialog).</summary>
    public uint LocalCSeq { get; private set; }

    /// <summary>The last CSeq number the peer sent (null: none yet, a UAC's dialog).</summary>
    public uint? RemoteCSeq { get; private set; }

    /// <summary>
    /// §12.1.2: the UAC's dialog, from the INVITE it sent and the 2xx (or tagged 1xx) that came back. Null when the
    /// response carries no Contact the UAC can send to (the remote target is mandatory in a 2xx, §13.3.1.4).
    /// </summary>
    public static SipDialog? ForUac(SipRequest request, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (request.From is not { Tag: { } localTag } from || response.To is not { } to || response.CallId is not { } callId
            || response.Contacts.Count == 0 || request.CSeq is not { } cseq)
        {
            return null;
        }

        // The UAC's route set is the Record-Route of the response in reverse (§12.1.2).
        var routes = response.RecordRoutes.Reverse().ToArray();
        return new SipDialog(new SipDialogId(callId, localTag, to.Tag ?? string.Empty), WithoutTag(from), WithoutTag(to), response.Contacts[0].Uri, routes)
        {
            LocalCSeq = cseq.Number,
        };
    }

    /// <summary>§12.1.1: the UAS's dialog, from the INVITE that came and the tag we put in our To.</summary>
    public static SipDialog? ForUas(SipRequest request, string localTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(localTag);
        if (request.From is not { } from || request.To is not { } to || request.CallId is not { } callId
            || request.Contacts.Count == 0 || request.CSeq is not { } cseq)
        {
            return null;
        }

        return new SipDialog(new SipDialogId(callId, localTag, from.Tag ?? string.Empty), WithoutTag(to), WithoutTag(from), request.Contacts[0].Uri, request.RecordRoutes)
        {
            RemoteCSeq = cseq.Number,
        };
    }

    /// <summary>The dialog a request belongs to, read from its headers (To tag is ours, From tag theirs).</summary>
    public static SipDialogId? IdOfRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CallId is { } callId && request.To?.Tag is { } local ? new SipDialogId(callId, local, request.From?.Tag ?? string.Empty) : null;
    }

    /// <summary>
    /// §12.2.2: takes a request's CSeq within the dialog. False when it is lower than the last one (out of order:
    /// the UAS answers 500); an ACK or CANCEL carries the INVITE's number and is not checked here.
    /// </summary>
    public bool TryAcceptRemoteCSeq(uint number)
    {
        if (RemoteCSeq is { } last && number < last)
        {
            return false;
        }

        RemoteCSeq = number;
        return true;
    }

    /// <summary>§12.2.1.2: a 2xx to a target refresh (not done here: re-INVITE is refused) would change it.</summary>
    internal void SetRemoteTarget(string target) => RemoteTarget = target;

    /// <summary>
    /// A new request within the dialog (§12.2.1.1): the next local CSeq for <paramref name="method"/>, or
    /// <paramref name="cseq"/> when given (ACK for a 2xx reuses the INVITE's, §13.2.2.4). The caller adds Via,
    /// Contact and a body.
    /// </summary>
    public SipRequest CreateRequest(string method, SipVia via, uint? cseq = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(via);
        var number = cseq ?? ++LocalCSeq;
        var requestUri = RemoteTarget;
        var routes = RouteSet.Select(r => r.ToString()).ToList();
        if (RouteSet.Count > 0 && RouteSet[0].SipUri is { LooseRouting: false })
        {
            // Strict routing (§12.2.1.1, RFC 2543 proxies): the first route is the Request-URI, the target goes last.
            requestUri = RouteSet[0].Uri;
            routes.RemoveAt(0);
            routes.Add("<" + RemoteTarget + ">");
        }

        var headers = new List<SipHeader>
        {
            new(SipHeaderNames.Via, via.ToString()),
            new(SipHeaderNames.MaxForwards, "70"),
            new(SipHeaderNames.From, LocalUri.WithTag(Id.LocalTag).ToString()),
            new(SipHeaderNames.To, (Id.RemoteTag.Length > 0 ? RemoteUri.WithTag(Id.RemoteTag) : RemoteUri).ToString()),
            new(SipHeaderNames.CallId, Id.CallId),
            new(SipHeaderNames.CSeq, new SipCSeq(number, method).ToString()),
        };
        headers.AddRange(routes.Select(r => new SipHeader(SipHeaderNames.Route, r)));
        return new SipRequest(method, requestUri) { Headers = [.. headers] };
    }

    private static SipNameAddress WithoutTag(SipNameAddress address) =>
        address with { Parameters = [.. address.Parameters.Where(p => !p.Name.Equals("tag", StringComparison.OrdinalIgnoreCase))] };
}
