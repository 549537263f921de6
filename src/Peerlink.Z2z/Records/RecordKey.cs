using Peerlink.Core;

namespace Peerlink.Z2z.Records;

/// <summary>
/// What makes a record one service in the rendezvous: a refresh, a change or a withdrawal replaces the
/// record with the same key (OpenDHT: the same value id; the overlay: the same slot of the exporter's object).
/// </summary>
/// <param name="Exporter">The exporter's 8 random bytes.</param>
/// <param name="ServiceType">"_http._tcp".</param>
/// <param name="InstanceName">The instance label.</param>
public readonly record struct RecordKey(Bytes Exporter, string ServiceType, string InstanceName)
{
    /// <summary>The key of <paramref name="record"/>.</summary>
    public static RecordKey Of(ServiceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new RecordKey(record.Exporter, record.ServiceType, record.InstanceName);
    }
}
