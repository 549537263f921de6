namespace Peerlink.Hosting;

/// <summary>How an <see cref="MdnsTransport"/> opens its multicast socket. Validated as it is set.</summary>
public sealed record MdnsTransportOptions
{
    private readonly string? _interfaceName;

    /// <summary>
    /// The one interface mDNS runs on, by name ("eth1", "lo"). Required, and there is deliberately no
    /// default: an unpinned multicast socket sends where the routing table says, which is the default
    /// route's interface, and that may lead off the machine.
    /// </summary>
    public string? InterfaceName
    {
        get => _interfaceName;
        init => _interfaceName = value is null || !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException("An interface name cannot be blank.", nameof(InterfaceName));
    }

    /// <summary>
    /// IP_MULTICAST_LOOP: whether our multicast is also delivered to sockets on this host. Default true,
    /// as Avahi and Bonjour do: other mDNS stacks here (sharing port 5353 through SO_REUSEADDR, RFC 6762
    /// §15) must hear our announcements and queries. The engines expect their own packets back (the
    /// responder's probe tie-break treats its own looped-back probe as no conflict, §8.2).
    /// </summary>
    public bool MulticastLoopback { get; init; } = true;
}
