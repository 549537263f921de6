using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>A record entered a querier's cache (<paramref name="Added"/>) or left it (expired, flushed or said goodbye).</summary>
/// <param name="Record">The record, cache-flush bit cleared.</param>
/// <param name="Added">True when it entered, false when it left.</param>
public readonly record struct RecordChange(DnsRecord Record, bool Added);
