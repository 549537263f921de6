using System.Net;
using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Simulation.Scenarios;

/// <summary>
/// One simulated P2P-SIP host (issue 8): an overlay peer and a SIP user agent behind one address and
/// port, as a phone that is also a peer would be. Datagrams are told apart by their first bytes: P2PP
/// (and STUN, which the overlay engine answers) by the magic cookie, everything else is SIP. Media is
/// not simulated: the scenario measures call set-up, and each call is hung up once answered.
/// </summary>
internal sealed class SipPeerNode : IProtocolEngine
{
    private readonly IPacketSender _sender;
    private readonly Dictionary<SipCall, Action<SipUaEvent>> _watchers = [];

    public SipPeerNode(OverlayNode overlay, IPacketSender sender, Random random, string user)
    {
        Overlay = overlay;
        _sender = sender;
        UserAgent = new SipUserAgent(
            new SipUserAgentOptions { LocalEndPoint = overlay.Address.ToEndPoint(), UserName = user },
            random,
            new CountingPorts());
    }

    /// <summary>The overlay peer.</summary>
    public OverlayNode Overlay { get; }

    /// <summary>The user agent, answering every call at once.</summary>
    public SipUserAgent UserAgent { get; }

    /// <inheritdoc/>
    public NodeAddress Address => Overlay.Address;

    /// <inheritdoc/>
    public TimeSpan? NextDeadline => (Overlay.NextDeadline, UserAgent.NextDeadline) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        (var a, var b) => a ?? b,
    };

    /// <summary>Calls <paramref name="requestUri"/> at <paramref name="destination"/>; <paramref name="watch"/> hears the call's events.</summary>
    public void Call(TimeSpan now, string requestUri, IPEndPoint destination, Action<SipUaEvent> watch)
    {
        var call = UserAgent.Call(now, requestUri, destination);
        _watchers[call] = watch;
        Flush();
    }

    /// <summary>Ends a call with BYE (or CANCEL before an answer).</summary>
    public void Hangup(TimeSpan now, SipCall call)
    {
        UserAgent.Hangup(now, call);
        Flush();
    }

    /// <inheritdoc/>
    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        if (OverlayNode.IsOverlayDatagram(packet.Span))
        {
            Overlay.Receive(now, from, packet);
            return;
        }

        UserAgent.Receive(now, packet.Span, from.ToEndPoint());
        Flush();
    }

    /// <inheritdoc/>
    public void Poll(TimeSpan now)
    {
        Overlay.Poll(now);
        UserAgent.Poll(now);
        Flush();
    }

    private void Flush()
    {
        foreach (var d in UserAgent.DrainSends())
        {
            _sender.Send(NodeAddress.FromEndPoint(d.To), d.Bytes);
        }

        foreach (var e in UserAgent.DrainEvents())
        {
            if (e.Call is { } call && _watchers.TryGetValue(call, out var watch))
            {
                watch(e);
                if (e.Kind == SipUaEventKind.Ended)
                {
                    _watchers.Remove(call);
                }
            }
        }

        // No media is simulated: what the calls' RTP sessions would send is dropped here.
        foreach (var call in UserAgent.Calls)
        {
            if (call.Media is { } media)
            {
                media.DrainDatagrams();
                media.DrainAudio();
                media.DrainEvents();
            }
        }
    }

    // Media ports are only numbers in the SDP here: nothing listens on them.
    private sealed class CountingPorts : ISipMediaPorts
    {
        private int _next = 20_000;

        public int? Reserve() => _next += 2;

        public void Release(int port)
        {
        }
    }
}
