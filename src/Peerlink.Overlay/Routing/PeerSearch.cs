using Peerlink.Core;

namespace Peerlink.Overlay;

/// <summary>Finding a peer by ID in a table's entries, without allocating: every topology answers
/// <see cref="ITopology.TryGetAddress"/> for every message it learns from.</summary>
internal static class PeerSearch
{
    /// <summary>The address held for <paramref name="id"/> in <paramref name="peers"/>, if it is there.</summary>
    public static bool TryFind(ReadOnlySpan<PeerRef> peers, NodeId id, out NodeAddress address)
    {
        foreach (var p in peers)
        {
            if (p.Id == id)
            {
                address = p.Address;
                return true;
            }
        }

        address = default;
        return false;
    }
}
