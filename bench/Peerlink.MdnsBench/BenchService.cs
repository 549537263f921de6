using Peerlink.Zeroconf.Dns;

namespace Peerlink.MdnsBench;

/// <summary>The service type every scenario publishes and browses: one nobody else uses, so nothing but the bench is on the wire.</summary>
internal static class BenchService
{
    /// <summary>As the command-line tools take it.</summary>
    public const string Type = "_plkbench._tcp";

    /// <summary>Without the domain, as <see cref="Peerlink.Zeroconf.Mdns.ServiceInstance"/> takes it.</summary>
    public static DnsName TypeName => DnsName.Parse(Type);

    /// <summary>With the domain: the owner of the PTR records a browser asks for.</summary>
    public static DnsName BrowseName => DnsName.Parse(Type + ".local");

    /// <summary>The dotnet that runs this bench, to run peerlink.dll with (as <see cref="Peerlink.Interop.Tests.PeerlinkDnssd"/> does).</summary>
    public static string Dotnet =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
}
