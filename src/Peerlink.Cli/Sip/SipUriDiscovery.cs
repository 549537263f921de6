using System.Net;
using System.Net.Sockets;
using Peerlink.Hosting;
using Peerlink.Sip.Discovery;
using Peerlink.Sip.Message;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Cli.Sip;

/// <summary>One <c>_sipuri</c> instance found on the link: the UAC rules' target, or why it cannot be called.</summary>
/// <param name="InstanceLabel">The instance label as advertised.</param>
/// <param name="Transport">The transport its service type names.</param>
/// <param name="Target">What a caller uses (To, Request-URI, destination with its addresses looked up), or null.</param>
/// <param name="Problem">Why there is no target: the advertisement breaks the draft, or was not resolved in time.</param>
internal sealed record DiscoveredSipUri(string InstanceLabel, SipUriTransport Transport, SipUriTarget? Target, string? Problem);

/// <summary>
/// SIP URIs advertised on one link with DNS-SD (draft-lee-sip-dns-sd-uri-01): browses _sipuri._udp and
/// _sipuri._tcp, resolves each instance, applies the UAC rules of §5 (<see cref="SipUriClientRules"/>) and
/// looks the destination host up where that is still needed (A/AAAA only, §5.2: by mDNS for a .local name,
/// else by the system's resolver). Used by <c>peerlink sip discover</c>, and by <c>peerlink sip call</c>
/// when it has no overlay to look a user up in.
/// </summary>
internal static class SipUriDiscovery
{
    /// <summary>How long a destination host's A/AAAA lookup may take after the browse.</summary>
    private static readonly TimeSpan s_hostLookup = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Browses the link on <paramref name="interfaceName"/> for <paramref name="timeout"/> and returns every
    /// SIP URI instance seen, in the order found.
    /// </summary>
    /// <exception cref="ArgumentException">No such interface, or one without IPv4.</exception>
    /// <exception cref="SocketException">The mDNS socket cannot be opened.</exception>
    public static async Task<IReadOnlyList<DiscoveredSipUri>> DiscoverAsync(string interfaceName, TimeSpan timeout, CancellationToken ct)
    {
        await using var mdns = new MdnsHost(new MdnsTransportOptions { InterfaceName = interfaceName }, new Random());
        await mdns.StartAsync(ct).ConfigureAwait(false);
        var found = await DiscoverAsync(mdns, timeout, stopAt: null, ct).ConfigureAwait(false);
        await StopQuietlyAsync(mdns).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// Looks for an instance that advertises <paramref name="addressOfRecord"/> and returns its target as soon as
    /// one can be called, or null after <paramref name="timeout"/> (for <c>call</c>'s fallback, §6: only an AOR
    /// that the address book's route could not reach should be tried this way).
    /// </summary>
    /// <exception cref="ArgumentException">No such interface, or one without IPv4.</exception>
    /// <exception cref="SocketException">The mDNS socket cannot be opened.</exception>
    public static async Task<SipUriTarget?> FindAsync(SipUri addressOfRecord, string interfaceName, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(addressOfRecord);
        await using var mdns = new MdnsHost(new MdnsTransportOptions { InterfaceName = interfaceName }, new Random());
        await mdns.StartAsync(ct).ConfigureAwait(false);
        var seen = await BrowseAsync(mdns, timeout, t => t.IsFor(addressOfRecord), ct).ConfigureAwait(false);
        var match = seen.FirstOrDefault(d => d.Target is { } t && t.IsFor(addressOfRecord));
        var found = match is null ? null : (await CompleteAsync(mdns, match, ct).ConfigureAwait(false)).Target;
        await StopQuietlyAsync(mdns).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// Browses on a started <paramref name="mdns"/> until <paramref name="timeout"/>, or until an instance
    /// whose target satisfies <paramref name="stopAt"/> is found; then applies the rules to all it saw and
    /// looks up the destination hosts that need it, side by side.
    /// </summary>
    public static async Task<IReadOnlyList<DiscoveredSipUri>> DiscoverAsync(MdnsHost mdns, TimeSpan timeout, Func<SipUriTarget, bool>? stopAt, CancellationToken ct)
    {
        var seen = await BrowseAsync(mdns, timeout, stopAt, ct).ConfigureAwait(false);
        return await Task.WhenAll(seen.Select(d => CompleteAsync(mdns, d, ct))).ConfigureAwait(false);
    }

    /// <summary>The instances seen until the timeout (or <paramref name="stopAt"/>), with the rules applied and no lookups yet.</summary>
    private static async Task<List<DiscoveredSipUri>> BrowseAsync(MdnsHost mdns, TimeSpan timeout, Func<SipUriTarget, bool>? stopAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mdns);
        var seen = new Dictionary<DnsName, (BrowsedService Service, SipUriTransport Transport)>();
        var order = new List<DnsName>();
        using var until = CancellationTokenSource.CreateLinkedTokenSource(ct);
        until.CancelAfter(timeout);
        var udp = await mdns.BrowseAsync(TypeName(SipUriTransport.Udp), resolve: true, ct).ConfigureAwait(false);
        var tcp = await mdns.BrowseAsync(TypeName(SipUriTransport.Tcp), resolve: true, ct).ConfigureAwait(false);
        await using (udp.ConfigureAwait(false))
        await using (tcp.ConfigureAwait(false))
        {
            var gate = new Lock();
            async Task Follow(ServiceBrowsing browsing, SipUriTransport transport)
            {
                await foreach (var change in browsing.Changes.ReadAllAsync(until.Token).ConfigureAwait(false))
                {
                    lock (gate)
                    {
                        var name = change.Service.Name;
                        if (change.Kind == BrowseChangeKind.Removed)
                        {
                            seen.Remove(name);
                            order.Remove(name);
                            continue;
                        }

                        if (!seen.ContainsKey(name))
                        {
                            order.Add(name);
                        }

                        seen[name] = (change.Service, transport);
                        if (stopAt is not null && Apply(change.Service, transport) is { Target: { } t } && stopAt(t))
                        {
                            until.Cancel();
                        }
                    }
                }
            }

            try
            {
                await Task.WhenAll(Follow(udp, SipUriTransport.Udp), Follow(tcp, SipUriTransport.Tcp)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (until.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // The timeout, or what we were looking for was found.
            }
        }

        return [.. order.Select(name => Apply(seen[name].Service, seen[name].Transport))];
    }

    /// <summary>Looks the destination host up when the rules could not give its addresses.</summary>
    private static async Task<DiscoveredSipUri> CompleteAsync(MdnsHost mdns, DiscoveredSipUri found, CancellationToken ct)
    {
        if (found.Target is not { NeedsHostLookup: true } target)
        {
            return found;
        }

        var addresses = await LookUpAsync(mdns, target.DestinationHost, ct).ConfigureAwait(false);
        return addresses.Count > 0
            ? found with { Target = target with { Addresses = [.. addresses] } }
            : found with { Target = null, Problem = $"the destination host {target.DestinationHost} has no address (A/AAAA lookup, §5.2)" };
    }

    /// <summary>The browsed instance as the pure rules take it, and what they make of it.</summary>
    internal static DiscoveredSipUri Apply(BrowsedService service, SipUriTransport transport)
    {
        var label = DnssdLabel(service.Name);
        if (service.HostName is null || service.Txt is null)
        {
            return new DiscoveredSipUri(label, transport, null, "not resolved in time: no SRV and TXT records arrived for it");
        }

        var advertisement = ToAdvertisement(service, transport);
        return SipUriClientRules.TryResolve(advertisement, out var target, out var error)
            ? new DiscoveredSipUri(label, transport, target, null)
            : new DiscoveredSipUri(label, transport, null, error);
    }

    /// <summary>A browser's record of an instance in the form of <see cref="SipUriAdvertisement"/>.</summary>
    internal static SipUriAdvertisement ToAdvertisement(BrowsedService service, SipUriTransport transport) =>
        new(DnssdLabel(service.Name), transport)
        {
            Txt = service.Txt?.Strings ?? default,
            SrvTarget = service.HostName?.ToString(),
            SrvPort = service.Port,
            SrvAddresses = service.Addresses,
        };

    /// <summary>"_sipuri._udp.local".</summary>
    internal static DnsName TypeName(SipUriTransport transport) =>
        DnsName.FromLabels(SipUriServiceType.ServiceLabel, SipUriServiceType.ProtocolLabel(transport), "local");

    private static string DnssdLabel(DnsName name) => name.Labels[0];

    /// <summary>A plain A/AAAA lookup (§5.2): the link's mDNS for ".local" names, the system resolver for the rest.</summary>
    private static async Task<IReadOnlyList<IPAddress>> LookUpAsync(MdnsHost mdns, string host, CancellationToken ct)
    {
        var name = host.TrimEnd('.');
        if (name.EndsWith(".local", StringComparison.OrdinalIgnoreCase) && DnsName.TryParse(name, out var local))
        {
            return await mdns.ResolveHostAsync(local, s_hostLookup, ct).ConfigureAwait(false);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(s_hostLookup);
        try
        {
            return await Dns.GetHostAddressesAsync(name, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return [];
        }
    }

    private static async Task StopQuietlyAsync(MdnsHost mdns)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await mdns.StopAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Nothing was published, so there are no goodbyes to wait for.
        }
    }
}
