namespace Peerlink.Zeroconf.Mdns;

/// <summary>What an mDNS engine (responder or querier) has received, dropped and sent, for diagnostics.</summary>
public sealed class MdnsCounters
{
    /// <summary>Datagrams that did not decode as DNS messages: dropped.</summary>
    public long Malformed { get; internal set; }

    /// <summary>
    /// Messages silently ignored by rule: OPCODE or RCODE not zero (RFC 6762 §18.3, §18.11), or a
    /// response whose source port is not 5353 (§11).
    /// </summary>
    public long Ignored { get; internal set; }

    /// <summary>Datagrams from a source off the link (RFC 6762 §11): dropped unread.</summary>
    public long OffLink { get; internal set; }

    /// <summary>Queries received and examined.</summary>
    public long Queries { get; internal set; }

    /// <summary>Answers left out because the query listed them as known answers (§7.1).</summary>
    public long KnownAnswersSuppressed { get; internal set; }

    /// <summary>Conflicts seen: in probing (§8.1, §8.2) and after announcing (§9).</summary>
    public long Conflicts { get; internal set; }

    /// <summary>Querier: scheduled queries not sent because another host just asked the same (RFC 6762 §7.3).</summary>
    public long DuplicateQuestionsSuppressed { get; internal set; }

    /// <summary>Responder: pending answers not sent because another host multicast them first (RFC 6762 §7.4).</summary>
    public long DuplicateAnswersSuppressed { get; internal set; }

    /// <summary>Querier: our own queries heard back through multicast loopback, and not taken for another host's (§7.3).</summary>
    public long OwnQueriesHeard { get; internal set; }

    /// <summary>Datagrams handed to the sender.</summary>
    public long Sent { get; internal set; }
}
