using System.Buffers.Binary;
using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Fuzz;

/// <summary>
/// The mDNS engines under hostile traffic: one input is a run of datagrams, each framed as
/// <code>
///  0               1               2               3
/// +---------------+---------------+-------------------------------+
/// | source        | wait (10 ms)  | length (big-endian)           |
/// +---------------+---------------+-------------------------------+
/// | datagram bytes ...                                            |
/// +---------------------------------------------------------------+
/// </code>
/// (source bit 0: from port 5353, else a one-shot port; bit 1: off the link). They go to a responder
/// that has published and announced a printer and to a querier browsing printers, in virtual time.
/// Every input must leave them whole: no exception out of Receive or Poll, everything they send decodes,
/// and 20 s after the last datagram the responder, under whatever name a conflict left it, is announced
/// and answers a query for its SRV record.
/// </summary>
public static class MdnsEngineTarget
{
    private static readonly DnsName Type = DnsName.Parse("_ipp._tcp.local");
    private static readonly NodeAddress OnLink = NodeAddress.From(IPAddress.Parse("192.168.1.50"), MdnsAddresses.Port);
    private static readonly NodeAddress OneShot = NodeAddress.From(IPAddress.Parse("192.168.1.51"), 40000);
    private static readonly NodeAddress OffLink = NodeAddress.From(IPAddress.Parse("203.0.113.9"), MdnsAddresses.Port);

    public static void Check(ReadOnlySpan<byte> input)
    {
        var sink = new Sink();
        var link = new ValueList<IPNetwork>([IPNetwork.Parse("192.168.1.0/24")]);
        var responder = new MdnsResponder(sink, new Random(1), new MdnsResponderOptions { OnLink = link });
        var querier = new MdnsQuerier(sink, new Random(2), new MdnsQuerierOptions { OnLink = link });
        var now = TimeSpan.Zero;
        void RunUntil(TimeSpan until)
        {
            while (Earlier(responder.NextDeadline, querier.NextDeadline) is { } due && due <= until)
            {
                now = due > now ? due : now;
                responder.Poll(now);
                querier.Poll(now);
            }

            now = until;
        }

        var handle = responder.Publish(now, new ServiceInstance("Büro.Drucker (2)", DnsName.Parse("_ipp._tcp"), DnsName.Parse("printer.local"), 631)
        {
            Txt = TxtData.FromAttributes(("txtvers", "1")),
            Addresses = [IPAddress.Parse("192.168.1.20")],
        });
        new ServiceBrowser(querier, Type).Start(now);
        RunUntil(TimeSpan.FromSeconds(5));

        while (input.Length >= 4)
        {
            var source = input[0];
            var wait = TimeSpan.FromMilliseconds(10 * input[1]);
            var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input[2..]), input.Length - 4);
            var datagram = input.Slice(4, length).ToArray();
            input = input[(4 + length)..];
            RunUntil(now + wait);
            var from = (source & 2) != 0 ? OffLink : (source & 1) != 0 ? OnLink : OneShot;
            responder.Receive(now, from, datagram);
            querier.Receive(now, from, datagram);
        }

        RunUntil(now + TimeSpan.FromSeconds(20));
        if (responder.GetState(handle) != ServiceState.Announced)
        {
            throw new InvalidOperationException($"20 s after the input the responder is {responder.GetState(handle)}, not announced");
        }

        sink.Sent = 0;
        var name = responder.GetInstanceName(handle);
        responder.Receive(now, OnLink, DnsCodec.Encode(DnsMessage.Query(new DnsQuestion(name, DnsRecordType.Srv))));
        RunUntil(now + TimeSpan.FromSeconds(1));
        if (sink.Sent == 0)
        {
            throw new InvalidOperationException($"the responder no longer answers a query for {name} SRV");
        }
    }

    /// <summary>Seeds: a browse, an answer, a probe, a known-answer query and a conflicting claim, framed.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
        DnsSeeds.Encoded().Select(s => ("mdns-" + s.Name, Frame(1, 5, s.Bytes)))
            .Append(("mdns-all", [.. DnsSeeds.Encoded().SelectMany((s, i) => Frame((byte)(i % 4), (byte)(i * 7), s.Bytes))]));

    private static byte[] Frame(byte source, byte wait, byte[] datagram)
    {
        var framed = new byte[4 + datagram.Length];
        framed[0] = source;
        framed[1] = wait;
        BinaryPrimitives.WriteUInt16BigEndian(framed.AsSpan(2), (ushort)datagram.Length);
        datagram.CopyTo(framed.AsSpan(4));
        return framed;
    }

    private static TimeSpan? Earlier(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Decodes everything the engines send: an engine that emits a malformed message is a finding.</summary>
    private sealed class Sink : IMdnsSender
    {
        public int Sent { get; set; }

        public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet)
        {
            _ = DnsCodec.Decode(packet.Span);
            Sent++;
        }
    }
}
