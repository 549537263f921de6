using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Overlay.Transactions;

/// <summary>
/// Names a transaction (§6.1): source-ID, transaction-ID and the kind of message that opened it.
/// ACKs match on all three; responses match a request on the first two.
/// </summary>
/// <param name="SourceId">The originator.</param>
/// <param name="TransactionId">The originator's transaction number.</param>
/// <param name="Kind">Request, indication, response or responseACK.</param>
public readonly record struct TransactionKey(NodeId SourceId, uint TransactionId, MessageKind Kind)
{
    /// <summary>The key of a message's own transaction, from its header.</summary>
    public static TransactionKey Of(P2ppHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new(header.SourceId, header.TransactionId, header.Kind);
    }
}
