using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>
/// One entry of an engine host's inbox: a received packet, a work item, or (the default value) a
/// wake-up from the deadline timer.
/// </summary>
internal readonly struct InboxItem
{
    public InboxItem(NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        From = from;
        Packet = packet;
        IsPacket = true;
    }

    public InboxItem(WorkItem work) => Work = work;

    public NodeAddress From { get; }

    public ReadOnlyMemory<byte> Packet { get; }

    public bool IsPacket { get; }

    public WorkItem? Work { get; }
}
