using Peerlink.Core;

namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// RDATA of a type without typed data here (HINFO, OPT, CNAME, ...), kept as the bytes received
/// (RFC 3597 §3). Names inside are not decompressed: for NS, CNAME and the other types that RFC 6762
/// §18.14 lets senders compress, a pointer in these bytes refers to the message they came in. That is
/// enough for comparing and caching them; the engine never re-sends another host's records.
/// </summary>
/// <param name="RecordType">The type code.</param>
/// <param name="Data">The RDATA bytes.</param>
public sealed record UnknownData(DnsRecordType RecordType, Bytes Data) : DnsRecordData
{
    /// <inheritdoc/>
    public override DnsRecordType Type => RecordType;

    internal override void Write(ref DnsWriter writer)
    {
        if (IsTyped(RecordType))
        {
            throw new ArgumentException($"{DnsReader.Describe(RecordType)} has typed data; use its record, not UnknownData");
        }

        writer.WriteBytes(Data.Span);
    }
}
