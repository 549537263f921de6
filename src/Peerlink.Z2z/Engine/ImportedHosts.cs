using System.Security.Cryptography;
using System.Text;
using Peerlink.Zeroconf.Dns;
using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Engine;

/// <summary>
/// The host names an importer gives the remote hosts it advertises: "z2z-" and 12 hex digits of a hash
/// of the exporter and the remote host's name, under ".local". Recognisable, so an exporter on the same
/// link never exports them back (no loops); stable, so a refresh keeps the name; distinct per exporter.
/// </summary>
public static class ImportedHosts
{
    /// <summary>The first label of every importer-made host name starts with this.</summary>
    public const string Prefix = "z2z-";

    /// <summary>The host name an importer advertises for <paramref name="record"/>'s host.</summary>
    public static DnsName For(ServiceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var hash = SHA256.HashData([.. record.Exporter.Span, .. Encoding.UTF8.GetBytes(record.HostName)]);
        return DnsName.FromLabels(Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 6)), "local");
    }

    /// <summary>True for a host name an importer made.</summary>
    public static bool IsImported(DnsName host) =>
        host is { IsRoot: false } && host.Labels[0].StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
