using Peerlink.Core;
using Peerlink.Overlay.Transactions;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// Operations on a shortlist geometry (<see cref="IShortlistTopology"/>, Kademlia): a node lookup
/// first (§2.3: ask the closest known peers for the closest they know, α at a time, until the k
/// closest have answered), then the request itself to the closest of them, the next if it has
/// nothing, which is how a Kademlia FIND_VALUE or STORE ends.
/// </summary>
public sealed partial class OverlayNode
{
    // How many of the closest peers a lookup tries in turn for an object: its owner and the replicas
    // (a node that holds a copy answers, see OnRequest).
    private int CandidateLimit => _options.Replicas + 1;

    private bool Searches(Operation op) => _topology is IShortlistTopology && op.Mode != RoutingMode.Recursive && op.Via is null;

    // Runs the node lookup, then the operation at the closest peers found.
    private void SearchThen(Operation op)
    {
        var shortlist = (IShortlistTopology)_topology;
        var parallelism = op.Mode == RoutingMode.Parallel ? shortlist.Parallelism : 1;

        // FIND_VALUE (§2.3): a lookup for an object stops as soon as a peer returns it. Each peer
        // that answers the node lookup from among the closest so far is asked for the object at once.
        Action<PeerRef>? askForValue = op.Type != RequestType.LookupObject ? null : peer =>
        {
            if (!op.Finished && op.Search is { } search && search.RankOf(peer.Id) is >= 0 and var rank && rank < CandidateLimit && op.Tried.Add(peer.Id))
            {
                op.Attempts++;
                SendAttempt(op, peer, primary: false, final: true);
            }
        };
        op.Search = Search(op.Key, parallelism, askForValue, () => op.Finished, (closest, asked) =>
        {
            op.IterativeHops = asked;
            if (op.Finished)
            {
                return;
            }

            if (op.Type == RequestType.LookupPeer)
            {
                // FIND_NODE's answer is the shortlist itself, with this node where it belongs.
                var peers = closest.Append(Self).OrderBy(p => p, Comparer<PeerRef>.Create((a, b) => shortlist.Closer(op.Key, a.Id, b.Id) ? -1 : shortlist.Closer(op.Key, b.Id, a.Id) ? 1 : 0))
                    .Take(Math.Max(1, (int)(op.Body.OfType<PLookup>().FirstOrDefault()?.Count ?? 1))).Select(ToPeerInfo).ToList();
                op.Finish(new OverlayResult(ResponseCode.Ok, [], peers, op.IterativeHops));
                return;
            }

            if (closest.Count == 0 || shortlist.Closer(op.Key, Self.Id, closest[0].Id))
            {
                AnswerLocally(op); // no peer is closer to the key than this node
                return;
            }

            op.Candidates = new Queue<PeerRef>(closest.Take(CandidateLimit).Where(p => !op.Tried.Contains(p.Id)));
            if (op.Outstanding == 0)
            {
                TryNextCandidate(op, "no peer found");
            }
        });
    }

    private void TryNextCandidate(Operation op, string lastFailure)
    {
        if (op.Candidates is { } queue && queue.TryDequeue(out var next))
        {
            op.Tried.Add(next.Id);
            op.Attempts++;
            SendAttempt(op, next, primary: false, final: true);
            return;
        }

        op.Finish(OverlayResult.Fail(op.Type == RequestType.LookupObject ? ResponseCode.NotFound : ResponseCode.Timeout, lastFailure, op.IterativeHops));
    }

    // A node lookup for `key`; `done` gets the peers that answered, closest first, and how many were asked.
    private Search Search(NodeId key, int parallelism, Action<IReadOnlyList<PeerRef>, int> done) => Search(key, parallelism, null, null, done);

    private Search Search(NodeId key, int parallelism, Action<PeerRef>? onAnswered, Func<bool>? stopWhen, Action<IReadOnlyList<PeerRef>, int> done)
    {
        var shortlist = (IShortlistTopology)_topology;
        var search = new Search(key, Self.Id, shortlist, parallelism, done) { OnAnswered = onAnswered, StopWhen = stopWhen };
        foreach (var peer in _topology.Closest(key, shortlist.ShortlistSize))
        {
            if (!IsRecentlyDead(peer.Id))
            {
                search.Offer(peer);
            }
        }

        AskMore(search);
        return search;
    }

    private void AskMore(Search search)
    {
        var shortlist = (IShortlistTopology)_topology;
        while (search.Outstanding < search.Parallelism && search.StopWhen?.Invoke() != true && search.NextToAsk() is { } peer)
        {
            // FIND_NODE as P2PP: an iterative LookupPeer for the k closest, marked final so that the
            // peer answers from its own table instead of pointing to a closer peer (§4.3.2).
            var header = new P2ppHeader(MessageKind.Request, RequestType.LookupPeer, NextTransactionId(), Self.Id) { Recursive = false, Ttl = 1, FromPeer = IsPeer };
            var message = new P2ppMessage(header, [new RequestOptions(RequestOptionBits.Final), SelfInfo, new PLookup((byte)Math.Min(byte.MaxValue, shortlist.ShortlistSize), PeerLookupMode.Closest, search.Key)]);
            search.Outstanding++;
            SendTracked(peer.Address, TransactionKey.Of(header), Encode(message), new SearchStep(search, peer));
        }

        if (search.Outstanding == 0)
        {
            search.Finish();
        }
    }

    private void OnSearchAnswer(SearchStep step, P2ppMessage response)
    {
        var search = step.Search;
        search.Outstanding--;
        if (response.Header.ResponseCode == ResponseCode.Ok)
        {
            search.Answered(step.Peer);
            foreach (var info in response.All<PeerInfo>())
            {
                if (info is { PeerId: { } id, Address: { } at } && !IsRecentlyDead(id) && at.Candidates[0].EndPoint != Self.Address)
                {
                    var peer = new PeerRef(id, at.Candidates[0].EndPoint);
                    search.Offer(peer);
                    Learn(info);
                }
            }
        }
        else
        {
            search.Failed(step.Peer);
        }

        if (response.Header.ResponseCode == ResponseCode.Ok)
        {
            search.OnAnswered?.Invoke(step.Peer);
        }

        AskMore(search);
    }

    private void OnSearchSilence(SearchStep step, bool acknowledged)
    {
        if (!acknowledged)
        {
            MarkDead(step.Peer, routed: true);
        }

        step.Search.Outstanding--;
        step.Search.Failed(step.Peer);
        AskMore(step.Search);
    }
}
