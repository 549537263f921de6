using Peerlink.Core;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// One node lookup in progress (Kademlia §2.3): the shortlist of the peers closest to
/// <see cref="Key"/> heard of so far, which of them were asked, and what to do with the closest
/// that answered. Pure bookkeeping; the engine does the asking.
/// </summary>
internal sealed class Search(NodeId key, NodeId self, IShortlistTopology metric, int parallelism, Action<IReadOnlyList<PeerRef>, int> done)
{
    private readonly List<(PeerRef Peer, SearchState State)> _shortlist = [];
    private bool _finished;

    public NodeId Key { get; } = key;

    public int Parallelism { get; } = parallelism;

    /// <summary>Whether the continuation ran.</summary>
    public bool Done => _finished;

    /// <summary>When set and true, no more peers are asked (the value was found meanwhile).</summary>
    public Func<bool>? StopWhen { get; init; }

    /// <summary>Called with each peer that answered, after its answer joined the shortlist.</summary>
    public Action<PeerRef>? OnAnswered { get; init; }

    /// <summary>Where <paramref name="peer"/> stands in the shortlist (0 = closest), or -1.</summary>
    public int RankOf(NodeId peer) => _shortlist.FindIndex(e => e.Peer.Id == peer);

    /// <summary>Requests in flight.</summary>
    public int Outstanding { get; set; }

    /// <summary>Peers asked so far (the search's messages, for the hop count).</summary>
    public int Asked { get; private set; }

    /// <summary>A peer heard of: it joins the shortlist in distance order, which keeps the closest k.</summary>
    public void Offer(PeerRef peer)
    {
        if (peer.Id == self || peer.Id.Length != self.Length || _shortlist.Exists(e => e.Peer.Id == peer.Id))
        {
            return;
        }

        var at = _shortlist.FindIndex(e => metric.Closer(Key, peer.Id, e.Peer.Id));
        if (at < 0)
        {
            if (_shortlist.Count >= metric.ShortlistSize)
            {
                return;
            }

            at = _shortlist.Count;
        }

        _shortlist.Insert(at, (peer, SearchState.New));
        if (_shortlist.Count > metric.ShortlistSize)
        {
            // Drop the farthest that is not in flight: its answer is still awaited.
            var last = _shortlist.FindLastIndex(e => e.State != SearchState.Asked);
            _shortlist.RemoveAt(last >= 0 ? last : _shortlist.Count - 1);
        }
    }

    /// <summary>The closest peer not asked yet, now marked asked; null when every one of the closest k was.</summary>
    public PeerRef? NextToAsk()
    {
        var at = _shortlist.FindIndex(e => e.State == SearchState.New);
        if (at < 0)
        {
            return null;
        }

        _shortlist[at] = (_shortlist[at].Peer, SearchState.Asked);
        Asked++;
        return _shortlist[at].Peer;
    }

    /// <summary><paramref name="peer"/> answered with what it knows.</summary>
    public void Answered(PeerRef peer) => Set(peer, SearchState.Answered);

    /// <summary><paramref name="peer"/> did not answer: it leaves the shortlist.</summary>
    public void Failed(PeerRef peer) => _shortlist.RemoveAll(e => e.Peer.Id == peer.Id);

    /// <summary>Hands the peers that answered, closest first, and how many were asked, to the continuation, once.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        done([.. _shortlist.Where(e => e.State == SearchState.Answered).Select(e => e.Peer)], Asked);
    }

    private void Set(PeerRef peer, SearchState state)
    {
        var at = _shortlist.FindIndex(e => e.Peer.Id == peer.Id);
        if (at >= 0)
        {
            _shortlist[at] = (_shortlist[at].Peer, state);
        }
    }
}

/// <summary>Where a shortlist entry stands.</summary>
internal enum SearchState
{
    New,
    Asked,
    Answered,
}
