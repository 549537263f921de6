namespace Peerlink.Zeroconf.Mdns;

/// <summary>How a querier sends: queries go to <see cref="MdnsEngineOptions.MulticastGroup"/>. Validated at construction.</summary>
public sealed record MdnsQuerierOptions : MdnsEngineOptions
{
    /// <summary>Defaults: the IPv4 group and the codec's default limits.</summary>
    public static MdnsQuerierOptions Default { get; } = new();
}
