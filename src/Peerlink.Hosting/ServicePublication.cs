using System.Threading.Channels;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Hosting;

/// <summary>
/// A service published through <see cref="MdnsHost.PublishAsync"/>: what happens to it (probing,
/// announced, renamed after a conflict, withdrawn) arrives on <see cref="Changes"/>, starting with
/// its first probing. Disposing withdraws it, with goodbyes if it was announced (RFC 6762 §10.1).
/// </summary>
public sealed class ServicePublication : IAsyncDisposable
{
    private readonly MdnsHost _host;
    private readonly Channel<ServiceChange> _changes;

    internal ServicePublication(MdnsHost host, int handle, Channel<ServiceChange> changes)
    {
        _host = host;
        Handle = handle;
        _changes = changes;
    }

    /// <summary>The responder's handle.</summary>
    public int Handle { get; }

    /// <summary>Its states and names as they change; completes once it is withdrawn.</summary>
    public ChannelReader<ServiceChange> Changes => _changes.Reader;

    /// <summary>Its name now (a conflict may have renamed it).</summary>
    public Task<DnsName> GetInstanceNameAsync(CancellationToken cancellationToken = default) =>
        _host.InvokeAsync(_ => _host.Responder.GetInstanceName(Handle), cancellationToken);

    /// <summary>Withdraws it (goodbyes if announced); nothing when the host has stopped already.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.InvokeAsync(now =>
            {
                if (_host.Responder.GetState(Handle) != ServiceState.Withdrawn)
                {
                    _host.Responder.Withdraw(now, Handle);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The host stopped first; its stop sent the goodbyes.
        }

        _changes.Writer.TryComplete();
    }
}
