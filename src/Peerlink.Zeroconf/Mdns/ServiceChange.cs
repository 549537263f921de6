using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// A published service moved on in RFC 6762 §8's start-up sequence, or lost its name: probing (again,
/// perhaps under a new name after a conflict), announcing (the name is ours), withdrawn.
/// </summary>
/// <param name="Handle">The handle <see cref="MdnsResponder.Publish"/> returned.</param>
/// <param name="State">The state it is in now.</param>
/// <param name="InstanceName">Its full name now, e.g. "My Printer (2)._ipp._tcp.local".</param>
public sealed record ServiceChange(int Handle, ServiceState State, DnsName InstanceName);
