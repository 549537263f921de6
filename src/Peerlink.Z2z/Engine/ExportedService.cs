using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Engine;

/// <summary>One service an exporter keeps in the rendezvous: the record last put and when it is refreshed next.</summary>
/// <param name="Record">The record last put.</param>
/// <param name="PutAt">Engine time of that put.</param>
/// <param name="RefreshAt">Engine time of the next put.</param>
public sealed record ExportedService(ServiceRecord Record, TimeSpan PutAt, TimeSpan RefreshAt);
