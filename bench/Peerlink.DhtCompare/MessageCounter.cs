using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.DhtCompare;

/// <summary>
/// A node's <see cref="IPacketSender"/> that counts what the engine sends, by the T and A fields of
/// the P2PP common header (§9.1): requests by request type, responses (responseACKs too: the final
/// hop's answer over UDP), ACKs, indications. Every datagram the engine hands over counts, so
/// retransmissions count as the messages they are. The node's engine loop is the only writer; the
/// benchmark reads between phases.
/// </summary>
internal sealed class MessageCounter(IPacketSender inner) : IPacketSender
{
    private readonly long[] _requests = new long[256];
    private long _responses;
    private long _acks;
    private long _indications;
    private long _other;

    public bool IsReliable => inner.IsReliable;

    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet)
    {
        if (!P2ppFixedHeader.TryRead(packet.Span, out var h) || !h.IsP2pp)
        {
            Interlocked.Increment(ref _other);
        }
        else if (h.IsAck)
        {
            Interlocked.Increment(ref _acks);
        }
        else if (h.Kind == MessageKind.Request)
        {
            Interlocked.Increment(ref _requests[(byte)h.RequestType]);
        }
        else if (h.Kind == MessageKind.Indication)
        {
            Interlocked.Increment(ref _indications);
        }
        else
        {
            Interlocked.Increment(ref _responses);
        }

        inner.Send(destination, packet);
    }

    /// <summary>What was sent so far.</summary>
    public MessageCounts Read()
    {
        var requests = new long[_requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = Interlocked.Read(ref _requests[i]);
        }

        return new MessageCounts(requests, Interlocked.Read(ref _responses), Interlocked.Read(ref _acks), Interlocked.Read(ref _indications), Interlocked.Read(ref _other));
    }
}

/// <summary>Messages sent, by kind; requests by request type (indexed by its code).</summary>
internal sealed record MessageCounts(long[] RequestsByType, long Responses, long Acks, long Indications, long Other)
{
    public static MessageCounts Zero { get; } = new(new long[256], 0, 0, 0, 0);

    public long Requests => RequestsByType.Sum();

    /// <summary>Requests and responses: what a protocol without hop-by-hop ACKs (OpenDHT's) also sends.</summary>
    public long WithoutAcks => Requests + Responses + Indications + Other;

    public long WithAcks => WithoutAcks + Acks;

    public static MessageCounts operator +(MessageCounts a, MessageCounts b) => Combine(a, b, 1);

    public static MessageCounts operator -(MessageCounts a, MessageCounts b) => Combine(a, b, -1);

    /// <summary>Requests sent of each type that occurs, by the type's name.</summary>
    public Dictionary<string, long> RequestTypes() =>
        Enumerable.Range(0, RequestsByType.Length).Where(i => RequestsByType[i] != 0)
            .ToDictionary(i => Enum.IsDefined((RequestType)i) ? ((RequestType)i).ToString() : $"type {i}", i => RequestsByType[i]);

    private static MessageCounts Combine(MessageCounts a, MessageCounts b, int sign) => new(
        [.. a.RequestsByType.Zip(b.RequestsByType, (x, y) => x + (sign * y))],
        a.Responses + (sign * b.Responses),
        a.Acks + (sign * b.Acks),
        a.Indications + (sign * b.Indications),
        a.Other + (sign * b.Other));
}

/// <summary>The cluster's messages, summed over its nodes, and the report of the gets' share.</summary>
internal static class Messages
{
    /// <summary>Every node's messages and the bootstrap server's: all that the side's ports send.</summary>
    public static MessageCounts Sum(LoopbackCluster cluster) =>
        cluster.AllNodes.Distinct().Aggregate(cluster.BootstrapMessages?.Read() ?? MessageCounts.Zero, (sum, node) => sum + node.Messages.Read());

    /// <summary>
    /// Messages per get: what every node sent from the first get until the drain after the last one,
    /// less what the idle overlay sends in a window that long (its rate over the idle window).
    /// </summary>
    public static Dictionary<string, object> Report(MessageCounts idle, double idleSeconds, MessageCounts gets, double getSeconds, int count)
    {
        var scale = getSeconds / idleSeconds;
        double PerGet(long inGets, long inIdle) => Math.Round((inGets - (inIdle * scale)) / count, 2);
        return new Dictionary<string, object>
        {
            ["method"] = "datagrams every node's engine (and the bootstrap server) sent, classified by the P2PP header (T and A bits): from the first get until the drain "
                + "after the last one completed, less the idle overlay's rate (measured after the puts) times that window; retransmissions count",
            ["idle_s"] = Math.Round(idleSeconds, 2),
            ["idle_per_s"] = new Dictionary<string, double>
            {
                ["requests"] = Math.Round(idle.Requests / idleSeconds, 1),
                ["responses"] = Math.Round(idle.Responses / idleSeconds, 1),
                ["acks"] = Math.Round(idle.Acks / idleSeconds, 1),
                ["without_acks"] = Math.Round(idle.WithoutAcks / idleSeconds, 1),
            },
            ["idle_request_types"] = idle.RequestTypes(),
            ["get_window_s"] = Math.Round(getSeconds, 2),
            ["get_raw"] = new Dictionary<string, object>
            {
                ["requests"] = gets.Requests,
                ["responses"] = gets.Responses,
                ["acks"] = gets.Acks,
                ["indications"] = gets.Indications,
                ["other"] = gets.Other,
                ["request_types"] = gets.RequestTypes(),
            },
            ["per_get"] = new Dictionary<string, double>
            {
                ["requests"] = PerGet(gets.Requests, idle.Requests),
                ["responses"] = PerGet(gets.Responses, idle.Responses),
                ["acks"] = PerGet(gets.Acks, idle.Acks),
                ["without_acks"] = PerGet(gets.WithoutAcks, idle.WithoutAcks),
                ["with_acks"] = PerGet(gets.WithAcks, idle.WithAcks),
            },
            ["per_get_idle_included"] = new Dictionary<string, double>
            {
                ["without_acks"] = Math.Round((double)gets.WithoutAcks / count, 2),
                ["with_acks"] = Math.Round((double)gets.WithAcks / count, 2),
            },
        };
    }
}
