namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// A record's RDATA, typed: <see cref="AddressData"/> (A, AAAA), <see cref="PtrData"/>,
/// <see cref="SrvData"/>, <see cref="TxtData"/>, <see cref="NsecData"/>; every other type is
/// <see cref="UnknownData"/>, kept as raw bytes so it passes through unchanged (RFC 3597 §3).
/// </summary>
public abstract record DnsRecordData
{
    /// <summary>The record type this data belongs to.</summary>
    public abstract DnsRecordType Type { get; }

    /// <summary>Writes the RDATA (without RDLENGTH).</summary>
    internal abstract void Write(ref DnsWriter writer);

    /// <summary>Reads RDATA of <paramref name="type"/>; the reader is limited to its RDLENGTH.</summary>
    internal static DnsRecordData Read(DnsRecordType type, ref DnsReader reader) => type switch
    {
        DnsRecordType.A or DnsRecordType.Aaaa => AddressData.ReadData(type, ref reader),
        DnsRecordType.Ptr => new PtrData(reader.ReadName()),
        DnsRecordType.Srv => SrvData.ReadData(ref reader),
        DnsRecordType.Txt => TxtData.ReadData(ref reader),
        DnsRecordType.Nsec => NsecData.ReadData(ref reader),
        _ => new UnknownData(type, Core.Bytes.Copy(reader.ReadSpan(reader.Remaining))),
    };

    /// <summary>True for the types that have typed data here (and so may not be <see cref="UnknownData"/>).</summary>
    internal static bool IsTyped(DnsRecordType type) =>
        type is DnsRecordType.A or DnsRecordType.Aaaa or DnsRecordType.Ptr or DnsRecordType.Srv or DnsRecordType.Txt or DnsRecordType.Nsec;
}
