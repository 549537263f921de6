using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>Which records answer a question, shared by the responder and the querier.</summary>
internal static class RecordMatching
{
    /// <summary>The record answers the question: same name, and type and class equal or ANY (RFC 1035 §3.2.3, §3.2.5).</summary>
    public static bool Answers(DnsQuestion question, DnsRecord record) =>
        question.Name == record.Name
        && (question.Type == DnsRecordType.Any || question.Type == record.Type)
        && (question.Class == DnsClass.Any || question.Class == record.Class);

    /// <summary>Same name, class and data (the type is in the data): the same record whatever its TTL and cache-flush bit.</summary>
    public static bool SameRecord(DnsRecord a, DnsRecord b) => a.Name == b.Name && a.Class == b.Class && a.Data == b.Data;

    /// <summary>The earlier of two optional deadlines.</summary>
    public static TimeSpan? Earlier(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
