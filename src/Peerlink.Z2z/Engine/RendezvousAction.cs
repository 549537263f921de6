using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Engine;

/// <summary>What an exporter asks of the rendezvous: store (or replace) a record under the key.</summary>
/// <param name="Record">The record; a <see cref="ServiceRecord.Withdrawn"/> one tells importers the service went.</param>
public sealed record RendezvousAction(ServiceRecord Record);
