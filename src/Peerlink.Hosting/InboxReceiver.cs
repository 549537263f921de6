using System.Threading.Channels;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>How a transport writes into an engine host's inbox (kept apart so the host itself exposes no receiver).</summary>
internal sealed class InboxReceiver(ChannelWriter<InboxItem> inbox) : IPacketReceiver
{
    public bool TryReceive(NodeAddress from, ReadOnlyMemory<byte> packet) => inbox.TryWrite(new InboxItem(from, packet));

    public async ValueTask<bool> ReceiveAsync(NodeAddress from, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        var item = new InboxItem(from, packet);
        if (inbox.TryWrite(item))
        {
            return true;
        }

        try
        {
            await inbox.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false; // the host stopped
        }
    }
}
