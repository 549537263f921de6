using System.Threading.Channels;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Hosting;

/// <summary>
/// A browse started by <see cref="MdnsHost.BrowseAsync"/> or <see cref="MdnsHost.BrowseServiceTypesAsync"/>:
/// instances (or service types) as they come, resolve, change and go arrive on <see cref="Changes"/>.
/// Disposing stops the questions.
/// </summary>
public sealed class ServiceBrowsing : IAsyncDisposable
{
    private readonly MdnsHost _host;
    private readonly ServiceBrowser _browser;
    private readonly Channel<BrowseChange> _changes = Channel.CreateUnbounded<BrowseChange>(new UnboundedChannelOptions { SingleWriter = true });
    private int _disposed;

    internal ServiceBrowsing(MdnsHost host, ServiceBrowser browser)
    {
        _host = host;
        _browser = browser;
    }

    /// <summary>The browser's changes, oldest first; completes when disposed.</summary>
    public ChannelReader<BrowseChange> Changes => _changes.Reader;

    /// <summary>On the loop: starts the browser and forwards what it reports after every cache change.</summary>
    internal void Start(TimeSpan now)
    {
        _browser.Start(now);
        _host.Querier.RecordChanged += Forward;
        Forward(now, default);
    }

    /// <summary>Stops browsing; what was reported stays readable.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _host.InvokeAsync(_ =>
            {
                _host.Querier.RecordChanged -= Forward;
                _browser.Stop();
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The host stopped first: nothing is asked any more.
        }

        _changes.Writer.TryComplete();
    }

    // Subscribed after the browser's own handler, so it runs after the browser has taken the change in.
    private void Forward(TimeSpan now, RecordChange change)
    {
        foreach (var c in _browser.DrainChanges())
        {
            _changes.Writer.TryWrite(c);
        }
    }
}
