using Peerlink.Overlay.Transactions;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// Remembers the messages received in the last window so their retransmissions are recognised
/// (§4.3: "(source-ID, transaction-ID) uniquely identifies a message"; a duplicate is only re-ACKed).
/// Entries leave in arrival order, so pruning is a queue walk.
/// </summary>
internal sealed class DuplicateFilter(TimeSpan window)
{
    private readonly HashSet<TransactionKey> _seen = [];
    private readonly Queue<(TimeSpan At, TransactionKey Key)> _order = new();

    /// <summary>Records the message; false when it was seen within the window.</summary>
    public bool FirstTime(TimeSpan now, TransactionKey key)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.At > window)
        {
            _order.Dequeue();
            _seen.Remove(oldest.Key);
        }

        if (!_seen.Add(key))
        {
            return false;
        }

        _order.Enqueue((now, key));
        return true;
    }
}
