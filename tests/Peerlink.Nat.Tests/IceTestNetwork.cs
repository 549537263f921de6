using System.Net;
using Peerlink.Nat.Ice;

namespace Peerlink.Nat.Tests;

/// <summary>
/// A small virtual network for ICE tests: agents on endpoints, optional NATs in front of them, datagrams in
/// flight with a fixed latency, and a clock the test advances. Everything runs on the test's thread.
/// </summary>
internal sealed class IceTestNetwork
{
    private readonly Dictionary<IPEndPoint, (IceAgent Agent, IceTestNat? Nat)> _hosts = [];
    private readonly List<(TimeSpan At, IPEndPoint To, IPEndPoint From, byte[] Bytes)> _inFlight = [];
    private readonly Dictionary<IceAgent, List<IceEvent>> _events = [];

    public TimeSpan Now { get; private set; }

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>When it returns true for a datagram (as the sender sent it), the datagram is lost.</summary>
    public Func<IceDatagram, bool>? Drop { get; set; }

    /// <summary>Every datagram an agent sent, as it sent it, with the time.</summary>
    public List<(TimeSpan At, IceDatagram Datagram)> Sent { get; } = [];

    public void Attach(IceAgent agent, IPEndPoint endPoint, IceTestNat? nat = null)
    {
        _hosts[endPoint] = (agent, nat);
        _events.TryAdd(agent, []);
    }

    public IReadOnlyList<IceEvent> Events(IceAgent agent) => _events[agent];

    /// <summary>Runs the network and the agents for <paramref name="duration"/> of virtual time.</summary>
    public void Run(TimeSpan duration)
    {
        var end = Now + duration;
        Flush();
        while (true)
        {
            TimeSpan? next = null;
            foreach (var d in _inFlight)
            {
                next = next is { } n && n < d.At ? n : d.At;
            }

            foreach (var agent in _events.Keys)
            {
                if (agent.NextDeadline is { } deadline)
                {
                    next = next is { } n && n < deadline ? n : deadline;
                }
            }

            if (next is not { } at || at > end)
            {
                Now = end;
                return;
            }

            Now = at > Now ? at : Now;
            var due = _inFlight.Where(d => d.At <= Now).ToList();
            _inFlight.RemoveAll(d => d.At <= Now);
            foreach (var d in due)
            {
                if (_hosts.TryGetValue(d.To, out var host))
                {
                    host.Agent.Receive(Now, d.To, d.From, d.Bytes);
                }
            }

            foreach (var agent in _events.Keys)
            {
                if (agent.NextDeadline is { } deadline && deadline <= Now)
                {
                    agent.Poll(Now);
                }
            }

            Flush();
        }
    }

    private void Flush()
    {
        foreach (var agent in _events.Keys)
        {
            _events[agent].AddRange(agent.TakeEvents());
            foreach (var d in agent.TakeDatagrams())
            {
                Sent.Add((Now, d));
                if (Drop?.Invoke(d) != true)
                {
                    Route(d);
                }
            }
        }
    }

    /// <summary>
    /// Delivers within a realm (the public side, or behind one NAT) directly; from behind a NAT to the public
    /// side through its mapping; to a NAT's public address through its filter; anything else is unroutable.
    /// </summary>
    private void Route(IceDatagram d)
    {
        var senderNat = _hosts[d.LocalBase].Nat;
        var bytes = d.Payload.Span.ToArray();
        if (_hosts.TryGetValue(d.To, out var receiver))
        {
            if (receiver.Nat == senderNat)
            {
                _inFlight.Add((Now + Latency, d.To, d.LocalBase, bytes));
            }
            else if (receiver.Nat is null)
            {
                _inFlight.Add((Now + Latency, d.To, senderNat!.Outbound(d.LocalBase, d.To), bytes));
            }

            return;
        }

        var nat = _hosts.Values.Select(h => h.Nat).FirstOrDefault(n => n is not null && n.PublicAddress.Equals(d.To.Address));
        if (nat is null || nat == senderNat)
        {
            return;
        }

        var source = senderNat?.Outbound(d.LocalBase, d.To) ?? d.LocalBase;
        if (nat.Inbound(d.To.Port, source) is { } inside)
        {
            _inFlight.Add((Now + Latency, inside, source, bytes));
        }
    }
}

/// <summary>
/// A port-restricted cone NAT (RFC 4787): endpoint-independent mapping (one public port per inside
/// endpoint, whatever the destination) and address-and-port-dependent filtering (a datagram comes in only
/// from an address and port the inside endpoint has sent to).
/// </summary>
internal sealed class IceTestNat(IPAddress publicAddress)
{
    private readonly Dictionary<IPEndPoint, int> _ports = [];
    private readonly Dictionary<int, IPEndPoint> _insides = [];
    private readonly HashSet<(int Port, IPEndPoint Remote)> _permissions = [];
    private int _nextPort = 40000;

    public IPAddress PublicAddress { get; } = publicAddress;

    public int Filtered { get; private set; }

    /// <summary>The mapping of <paramref name="inside"/> (what a STUN server would report).</summary>
    public IPEndPoint Mapping(IPEndPoint inside)
    {
        if (!_ports.TryGetValue(inside, out var port))
        {
            port = _nextPort++;
            _ports[inside] = port;
            _insides[port] = inside;
        }

        return new IPEndPoint(PublicAddress, port);
    }

    public IPEndPoint Outbound(IPEndPoint inside, IPEndPoint to)
    {
        var mapped = Mapping(inside);
        _permissions.Add((mapped.Port, to));
        return mapped;
    }

    public IPEndPoint? Inbound(int port, IPEndPoint from)
    {
        if (_insides.TryGetValue(port, out var inside) && _permissions.Contains((port, from)))
        {
            return inside;
        }

        Filtered++;
        return null;
    }
}
