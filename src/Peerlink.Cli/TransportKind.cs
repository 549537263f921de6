namespace Peerlink.Cli;

/// <summary>
/// What a node's P2PP messages travel on (draft §6: UDP with ACKs and retransmission, or TCP, framed
/// by the header's Message Length, with no ACKs, §6.2.2). One overlay uses one: a node has one
/// transport, and a UDP datagram does not reach a TCP listener.
/// </summary>
internal enum TransportKind
{
    /// <summary>UDP.</summary>
    Udp,

    /// <summary>TCP.</summary>
    Tcp,
}
