using System.Globalization;
using Peerlink.Hosting.Sip;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Cli.Sip;

/// <summary>One line per SIP event: with the local time (<c>answer</c>) or the seconds since the start (<c>call</c>).</summary>
internal sealed class SipEventPrinter(CliIo io, bool relative)
{
    private readonly object _gate = new();

    public void Print(SipHostEvent e)
    {
        var text = e.Event is { } ev ? Describe(ev) : e.Message;
        if (text is not null)
        {
            Line(text, e.At);
        }
    }

    public void Line(string text, TimeSpan? at = null)
    {
        var stamp = relative
            ? (at ?? TimeSpan.Zero).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture).PadLeft(7) + " s"
            : TimeProvider.System.GetLocalNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            io.Out.WriteLine($"{stamp} {text}");
            io.Out.Flush();
        }
    }

    public static string Describe(SipUaEvent e)
    {
        var call = e.Call is { } c ? $"call {c.Number}: " : string.Empty;
        return e.Kind switch
        {
            SipUaEventKind.Incoming => $"{call}incoming {e.Detail}, ringing",
            SipUaEventKind.Provisional => $"{call}{e.Status} {e.Detail}",
            SipUaEventKind.Answered when e.Call?.Direction == SipCallDirection.Incoming => $"{call}answered (200 OK, {Codec(e.Call)})",
            SipUaEventKind.Answered => $"{call}200 {e.Detail}",
            SipUaEventKind.Acknowledged when e.Call?.Direction == SipCallDirection.Incoming => $"{call}ACK received: established",
            SipUaEventKind.Acknowledged => $"{call}ACK sent",
            SipUaEventKind.MediaStarted => $"{call}media started (first RTP in)",
            SipUaEventKind.ByeSent => $"{call}BYE sent{(e.Detail is null ? string.Empty : " (" + e.Detail + ")")}",
            SipUaEventKind.CancelSent => $"{call}CANCEL sent",
            SipUaEventKind.Ended => $"{call}ended: {e.Detail} ({e.Status})",
            SipUaEventKind.Refused => $"refused {e.Status}: {e.Detail}",
            SipUaEventKind.Malformed => $"malformed SIP {(e.Status is { } s ? "answered " + s.ToString(CultureInfo.InvariantCulture) : "dropped")}: {e.Detail}",
            _ => e.Kind.ToString(),
        };
    }

    private static string Codec(SipCall? call) => call?.Audio is { } a ? $"{a.Codec.Name} to {a.RemoteAddress}:{a.RemotePort}" : "no audio";
}
