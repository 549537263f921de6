using Peerlink.Overlay;

namespace Peerlink.Cli;

/// <summary>
/// Any geometry's table (Kademlia buckets, Pastry leaf set and rows) saying which peers came into it
/// and which went out. Only Chord has the successor and fingers <see cref="LoggedChordTable"/> names;
/// what every table has is <see cref="ITopology.AllPeers"/>, so that is what is compared.
/// </summary>
internal sealed class LoggedTopology(ITopology inner, NodeLog log) : LoggedTable(inner, log)
{
    private HashSet<PeerRef> _logged = [];

    /// <summary>Logs the peers that entered or left the table since the last change.</summary>
    public override TableChange Report(TableChange change)
    {
        // A table that says nothing changed has the peers it had: no need to walk it.
        if (change == TableChange.None)
        {
            return change;
        }

        var peers = AllPeers.ToList(); // in the table's own order (Kademlia: farthest bucket first)
        var now = peers.ToHashSet();
        foreach (var gone in _logged.Where(p => !now.Contains(p)))
        {
            Log.Line($"peer {gone} out of the table ({Peers(now.Count)})");
        }

        foreach (var added in peers.Where(p => !_logged.Contains(p)))
        {
            Log.Line($"peer {added} in the table ({Peers(now.Count)})");
        }

        _logged = now;
        return change;
    }

    private static string Peers(int count) => count == 1 ? "1 peer" : $"{count} peers";
}
