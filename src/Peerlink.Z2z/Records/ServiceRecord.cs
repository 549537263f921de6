using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Z2z.Records;

/// <summary>
/// One exported DNS-SD instance as z2z keeps it in the rendezvous under a key: what an importer needs
/// to advertise it on its own link (RFC 6763 §4-§6) and to tell exporters and refreshes apart.
/// The wire form is in docs/z2z.md.
/// </summary>
/// <param name="Exporter">The exporter that put it: 8 random bytes chosen when the exporter starts.</param>
/// <param name="ServiceType">The service type without domain, e.g. "_http._tcp".</param>
/// <param name="InstanceName">The instance label as published on the exporter's link, any UTF-8 (≤ 63 bytes).</param>
/// <param name="Port">The service's port (SRV).</param>
public sealed record ServiceRecord(Bytes Exporter, string ServiceType, string InstanceName, ushort Port)
{
    /// <summary>The host name on the exporter's link (the SRV target), e.g. "printer.local"; for display only.</summary>
    public string HostName { get; init; } = string.Empty;

    /// <summary>The host's addresses on the exporter's link (A and AAAA), where importers' clients connect.</summary>
    public ValueList<IPAddress> Addresses { get; init; }

    /// <summary>The TXT record's attributes (RFC 6763 §6).</summary>
    public TxtData Txt { get; init; } = TxtData.Empty;

    /// <summary>When the exporter last put it, in seconds since the Unix epoch.</summary>
    public uint RefreshedAt { get; init; }

    /// <summary>How long, in seconds from <see cref="RefreshedAt"/>, the record stays valid if not refreshed.</summary>
    public uint Ttl { get; init; }

    /// <summary>True for a withdrawal: the service said goodbye on the exporter's link (kept until its TTL so importers learn it).</summary>
    public bool Withdrawn { get; init; }

    /// <summary>
    /// When the record stops being valid, in Unix seconds: <see cref="RefreshedAt"/> plus <see cref="Ttl"/>,
    /// widened so that neither a far-future time nor a long TTL wraps round to the past. Until then a
    /// stored copy may be replayed even under a secret (docs/z2z.md, "Sealing"); after it, importers drop it.
    /// </summary>
    public ulong ExpiresAt => (ulong)RefreshedAt + Ttl;
}
