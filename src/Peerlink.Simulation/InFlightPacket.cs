namespace Peerlink.Simulation;

/// <summary>A packet on its way, and which incarnation of the destination a reliable stream was opened to.</summary>
internal readonly record struct InFlightPacket(ReadOnlyMemory<byte> Packet, int Incarnation)
{
    /// <summary>A datagram goes to whoever listens at the address when it arrives.</summary>
    public const int AnyIncarnation = -1;
}
