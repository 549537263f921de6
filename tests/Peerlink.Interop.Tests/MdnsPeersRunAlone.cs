namespace Peerlink.Interop.Tests;

/// <summary>
/// The tests that run real mDNS peers in namespaces run alone, one after another, and after the
/// parallel tests: they measure announcement and goodbye latencies, which a busy 2-core machine skews.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MdnsPeersRunAlone
{
    public const string Name = "mDNS peers in namespaces";
}
