namespace Peerlink.Overlay.Engine;

/// <summary>What a node has sent, received and dropped: the simulator's and the host's raw figures.</summary>
public sealed class NodeCounters
{
    /// <summary>Packets received.</summary>
    public long Received { get; internal set; }

    /// <summary>Packets sent, retransmissions included.</summary>
    public long Sent { get; internal set; }

    /// <summary>Bytes sent, retransmissions included.</summary>
    public long BytesSent { get; internal set; }

    /// <summary>Retransmissions.</summary>
    public long Retransmitted { get; internal set; }

    /// <summary>Packets that did not decode (dropped, or answered with 400/413).</summary>
    public long Malformed { get; internal set; }

    /// <summary>STUN Binding requests answered on the node's port (a peer offers STUN to others).</summary>
    public long StunAnswered { get; internal set; }

    /// <summary>Retransmitted requests and responses recognised as duplicates.</summary>
    public long Duplicates { get; internal set; }

    /// <summary>Responses and ACKs that matched no open transaction (§4.3: dropped).</summary>
    public long Unmatched { get; internal set; }

    /// <summary>Peers declared dead after a request to them went unanswered.</summary>
    public long PeersDeclaredDead { get; internal set; }

    /// <summary>Requests forwarded to another hop.</summary>
    public long Forwarded { get; internal set; }

    /// <summary>Final requests for keys this node knew were not its own, passed back towards their owner.</summary>
    public long Redirected { get; internal set; }

    /// <summary>
    /// Requests that came back to this node from another peer than the one it first had them from:
    /// a routing loop (tables that disagree under churn). Each is answered, so the path unwinds.
    /// </summary>
    public long Loops { get; internal set; }

    /// <summary>Peers dropped because their address answered under another ID (the peer left; a new one took the address).</summary>
    public long Superseded { get; internal set; }

    /// <summary>Connects (ICE offers, §8.16) this node sent.</summary>
    public long ConnectsSent { get; internal set; }

    /// <summary>Connects this node answered with its own candidates and credentials.</summary>
    public long ConnectsAnswered { get; internal set; }

    /// <summary>Connects refused with 400: no or bad candidates, no or bad ICE-Credentials.</summary>
    public long ConnectsRefused { get; internal set; }

    /// <summary>Connects this node sent that got no usable answer.</summary>
    public long ConnectsFailed { get; internal set; }
}
