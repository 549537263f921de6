namespace Peerlink.Zeroconf.Mdns;

/// <summary>How a responder sends: answers go to <see cref="MdnsEngineOptions.MulticastGroup"/>. Validated at construction.</summary>
public sealed record MdnsResponderOptions : MdnsEngineOptions
{
    /// <summary>Defaults: the IPv4 group and the codec's default limits.</summary>
    public static MdnsResponderOptions Default { get; } = new();
}
