using System.Net;
using System.Text;
using Peerlink.Sip.Media;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Sip.Tests.UserAgent;

/// <summary>Media ports for tests: numbers from a range, with what was released.</summary>
internal sealed class CountingPorts(int first) : ISipMediaPorts
{
    private int _next = first;

    public List<int> Released { get; } = [];

    public int Limit { get; set; } = int.MaxValue;

    public int Reserved { get; private set; }

    public int? Reserve()
    {
        if (Reserved - Released.Count >= Limit)
        {
            return null;
        }

        Reserved++;
        var port = _next;
        _next += 2;
        return port;
    }

    public void Release(int port) => Released.Add(port);
}

/// <summary>
/// Two user agents, Alice (caller) and Bob, joined by a virtual link in virtual time: every SIP datagram goes
/// through the codec as bytes, the link drops what <see cref="Drop"/> says, and media travels between the calls'
/// RTP sessions. Bounded in steps.
/// </summary>
internal sealed class UaPair
{
    public static readonly IPEndPoint AliceAt = new(IPAddress.Parse("192.0.2.10"), 5060);
    public static readonly IPEndPoint BobAt = new(IPAddress.Parse("192.0.2.20"), 5060);

    public UaPair(SipAnswerMode bobMode = SipAnswerMode.Auto, int bobMaxCalls = 32, int bobBusy = 486)
    {
        Alice = new SipUserAgent(new SipUserAgentOptions { LocalEndPoint = AliceAt, UserName = "alice" }, new Random(1), AlicePorts);
        Bob = new SipUserAgent(new SipUserAgentOptions { LocalEndPoint = BobAt, UserName = "bob", AnswerMode = bobMode, MaxCalls = bobMaxCalls, BusyStatus = bobBusy }, new Random(2), BobPorts);
    }

    public CountingPorts AlicePorts { get; } = new(20000);

    public CountingPorts BobPorts { get; } = new(30000);

    public SipUserAgent Alice { get; }

    public SipUserAgent Bob { get; }

    public TimeSpan Now { get; private set; }

    /// <summary>Says whether to lose a datagram: (from Alice?, its first line).</summary>
    public Func<bool, string, bool> Drop { get; set; } = (_, _) => false;

    public List<SipUaEvent> AliceEvents { get; } = [];

    public List<SipUaEvent> BobEvents { get; } = [];

    /// <summary>Start lines as they crossed the link, with "A>" or "B>" for who sent them.</summary>
    public List<string> Wire { get; } = [];

    public long MediaDelivered { get; private set; }

    /// <summary>Runs the link until nothing is left to do before <paramref name="until"/> (virtual time).</summary>
    public void RunUntil(TimeSpan until, Action<UaPair, SipUaEvent>? onBob = null)
    {
        for (var step = 0; step < 200_000; step++)
        {
            var moved = Move(Alice, Bob, AliceAt, fromAlice: true) | Move(Bob, Alice, BobAt, fromAlice: false);
            moved |= MoveMedia(Alice, Bob) | MoveMedia(Bob, Alice);
            AliceEvents.AddRange(Alice.DrainEvents());
            foreach (var e in Bob.DrainEvents())
            {
                BobEvents.Add(e);
                onBob?.Invoke(this, e);
            }

            if (moved)
            {
                continue;
            }

            var next = new[] { Alice.NextDeadline, Bob.NextDeadline }.Where(d => d is not null).Min();
            if (next is null || next > until)
            {
                Now = until;
                return;
            }

            Now = next.Value > Now ? next.Value : Now;
            Alice.Poll(Now);
            Bob.Poll(Now);
        }

        throw new InvalidOperationException("the link did not settle");
    }

    public void Advance(TimeSpan by) => RunUntil(Now + by);

    private bool Move(SipUserAgent from, SipUserAgent to, IPEndPoint source, bool fromAlice)
    {
        var sends = from.DrainSends();
        foreach (var send in sends)
        {
            var line = Encoding.UTF8.GetString(send.Bytes).Split("\r\n")[0];
            if (Drop(fromAlice, line))
            {
                Wire.Add((fromAlice ? "A> " : "B> ") + line + " (lost)");
                continue;
            }

            Wire.Add((fromAlice ? "A> " : "B> ") + line);
            to.Receive(Now, send.Bytes, source);
        }

        return sends.Count > 0;
    }

    private bool MoveMedia(SipUserAgent from, SipUserAgent to)
    {
        var moved = false;
        foreach (var call in from.Calls.Concat(from == Alice ? AliceEnded : BobEnded).Distinct().ToList())
        {
            if (call.Media is null)
            {
                continue;
            }

            var peer = to.Calls.FirstOrDefault(c => c.CallId == call.CallId);
            foreach (var d in call.Media.DrainDatagrams())
            {
                moved = true;
                if (peer is not null && d.Channel == RtpChannel.Rtp)
                {
                    MediaDelivered++;
                    to.ReceiveMedia(Now, peer, d.Bytes);
                }
            }
        }

        return moved;
    }

    private IEnumerable<SipCall> AliceEnded => AliceEvents.Where(e => e.Kind == SipUaEventKind.Ended).Select(e => e.Call!);

    private IEnumerable<SipCall> BobEnded => BobEvents.Where(e => e.Kind == SipUaEventKind.Ended).Select(e => e.Call!);
}
