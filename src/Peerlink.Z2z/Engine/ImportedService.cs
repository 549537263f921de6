using Peerlink.Zeroconf.Mdns;
using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Engine;

/// <summary>A remote service an importer advertises on its link.</summary>
/// <param name="Record">The record it came from (the newest seen).</param>
/// <param name="Service">What is published: the remote instance, its port and TXT, on a host record carrying the remote addresses.</param>
/// <param name="ValidUntil">Engine time until which it stays without a fresh record: a refresh seen moves it on by the TTL.</param>
public sealed record ImportedService(ServiceRecord Record, ServiceInstance Service, TimeSpan ValidUntil);
