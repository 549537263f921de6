namespace Peerlink.Interop.Tests;

/// <summary>
/// The tests that run real mDNS peers in namespaces run alone, one after another, and after the
/// parallel tests: their waits for announcements and goodbyes are bounded, and a busy 2-core machine would stretch them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MdnsPeersRunAlone
{
    public const string Name = "mDNS peers in namespaces";
}
