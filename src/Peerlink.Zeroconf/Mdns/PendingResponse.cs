using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>A multicast response held back by RFC 6762 §6's random delay, to be sent at <paramref name="Due"/>.</summary>
internal sealed record PendingResponse(TimeSpan Due, IReadOnlyList<DnsRecord> Answers, IReadOnlyList<DnsRecord> Additionals);
