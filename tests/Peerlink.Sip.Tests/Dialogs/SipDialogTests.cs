using Peerlink.Sip.Dialogs;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Dialogs;

/// <summary>RFC 3261 §12: dialog state from the dialog-forming messages, and requests within a dialog.</summary>
public class SipDialogTests
{
    private static readonly SipVia Via = new SipVia("UDP", "192.0.2.10") { Port = 5060 }.WithParameter("branch", "z9hG4bKd1");

    private static SipRequest Invite(params SipHeader[] extra) => new("INVITE", "sip:bob@example.com")
    {
        Headers =
        [
            new(SipHeaderNames.Via, Via.ToString()),
            new(SipHeaderNames.MaxForwards, "70"),
            new(SipHeaderNames.From, "\"Alice\" <sip:alice@example.com>;tag=a1"),
            new(SipHeaderNames.To, "<sip:bob@example.com>"),
            new(SipHeaderNames.CallId, "call-7"),
            new(SipHeaderNames.CSeq, "314 INVITE"),
            new(SipHeaderNames.Contact, "<sip:alice@192.0.2.10:5060>"),
            .. extra,
        ],
    };

    private static SipResponse Ok(params SipHeader[] extra) => SipResponses.Create(Invite(), 200, "OK", "b9") with
    {
        Headers = [.. SipResponses.Create(Invite(), 200, "OK", "b9").Headers, new(SipHeaderNames.Contact, "<sip:bob@192.0.2.20:5070>"), .. extra],
    };

    [Fact]
    public void ForUac_2xxWithRecordRoute_RouteSetReversedTargetFromContactCSeqKept()
    {
        var dialog = SipDialog.ForUac(Invite(), Ok(new SipHeader(SipHeaderNames.RecordRoute, "<sip:p2.example.com;lr>"), new(SipHeaderNames.RecordRoute, "<sip:p1.example.com;lr>")))!;

        Assert.Equal(new SipDialogId("call-7", "a1", "b9"), dialog.Id);
        Assert.Equal("sip:bob@192.0.2.20:5070", dialog.RemoteTarget);
        Assert.Equal(["sip:p1.example.com;lr", "sip:p2.example.com;lr"], dialog.RouteSet.Select(r => r.Uri));
        Assert.Equal(314u, dialog.LocalCSeq);
        Assert.Null(dialog.RemoteCSeq);
    }

    [Fact]
    public void ForUac_2xxWithoutContact_NoDialog() =>
        Assert.Null(SipDialog.ForUac(Invite(), SipResponses.Create(Invite(), 200, "OK", "b9")));

    [Fact]
    public void ForUas_Invite_TagsSwappedRouteSetInOrderRemoteCSeqTaken()
    {
        var dialog = SipDialog.ForUas(Invite(new SipHeader(SipHeaderNames.RecordRoute, "<sip:p1.example.com;lr>"), new(SipHeaderNames.RecordRoute, "<sip:p2.example.com;lr>")), "b9")!;

        Assert.Equal(new SipDialogId("call-7", "b9", "a1"), dialog.Id);
        Assert.Equal("sip:alice@192.0.2.10:5060", dialog.RemoteTarget);
        Assert.Equal(["sip:p1.example.com;lr", "sip:p2.example.com;lr"], dialog.RouteSet.Select(r => r.Uri));
        Assert.Equal(314u, dialog.RemoteCSeq);
        Assert.False(dialog.TryAcceptRemoteCSeq(313));
        Assert.True(dialog.TryAcceptRemoteCSeq(315));
    }

    [Fact]
    public void CreateRequest_LooseRoute_TargetIsRequestUriRoutesKeptCSeqUp()
    {
        var dialog = SipDialog.ForUac(Invite(), Ok(new SipHeader(SipHeaderNames.RecordRoute, "<sip:p1.example.com;lr>")))!;

        var bye = dialog.CreateRequest(SipMethods.Bye, Via);

        Assert.Equal("sip:bob@192.0.2.20:5070", bye.RequestUri);
        Assert.Equal(["<sip:p1.example.com;lr>"], bye.GetAll(SipHeaderNames.Route));
        Assert.Equal(new SipCSeq(315, "BYE"), bye.CSeq);
        Assert.Equal("a1", bye.From!.Tag);
        Assert.Equal("b9", bye.To!.Tag);
        Assert.Equal("Alice", bye.From.DisplayName);
        Assert.True(SipMessageParser.Parse(SipMessageWriter.ToBytes(bye)).IsOk);
    }

    [Fact]
    public void CreateRequest_StrictRoute_FirstRouteIsRequestUriAndTargetGoesLast()
    {
        var dialog = SipDialog.ForUac(Invite(), Ok(new SipHeader(SipHeaderNames.RecordRoute, "<sip:p2.example.com>"), new(SipHeaderNames.RecordRoute, "<sip:p1.example.com>")))!;

        var bye = dialog.CreateRequest(SipMethods.Bye, Via);

        Assert.Equal("sip:p1.example.com", bye.RequestUri);
        Assert.Equal(["<sip:p2.example.com>", "<sip:bob@192.0.2.20:5070>"], bye.GetAll(SipHeaderNames.Route));
    }

    [Fact]
    public void CreateRequest_AckForThe2xx_ReusesTheInvitesCSeqNumber()
    {
        var dialog = SipDialog.ForUac(Invite(), Ok())!;

        var ack = dialog.CreateRequest(SipMethods.Ack, Via, 314);

        Assert.Equal(new SipCSeq(314, "ACK"), ack.CSeq);
        Assert.Equal(314u, dialog.LocalCSeq);
    }
}
