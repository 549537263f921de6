using System.Diagnostics;
using System.Net;
using Peerlink.Core;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;

namespace Peerlink.Cli.Sip;

/// <summary>Where <c>peerlink sip call</c> sends its INVITE: the Request-URI, the To header and the destination.</summary>
/// <param name="RequestUri">The Request-URI: the contact found, or the URI called.</param>
/// <param name="To">The To header when it is not the Request-URI: the address-of-record that was looked up.</param>
/// <param name="Destination">Where the INVITE goes.</param>
/// <param name="Took">How long finding it took (a lookup in the overlay, or DNS-SD on the link).</param>
internal sealed record SipCallTarget(string RequestUri, SipNameAddress? To, IPEndPoint Destination, TimeSpan Took)
{
    /// <summary>How long DNS-SD browses the link for the URI before giving up.</summary>
    public static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The registration of <paramref name="aor"/> in the overlay, through a client attached to <paramref name="via"/>
    /// (issue 8: P2P-SIP): its freshest contact, or null with the reason written (not registered: exit 1).
    /// </summary>
    public static async Task<SipCallTarget?> LookUpAsync(CliIo io, SipUri aor, IPEndPoint via, HashAlgorithmCode hash, TransportKind transport, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var overlay = LiveNodes.Overlay(hash);
        var (host, node) = await LiveNodes.StartClientAsync(via, ct, overlay, transport).ConfigureAwait(false);
        await using (host.ConfigureAwait(false))
        {
            var location = new LocationClient(new LiveClient(host, node, overlay, NodeAddress.FromEndPoint(via)), TimeProvider.System);
            SipLookupResult result;
            try
            {
                result = await location.LookupAsync(aor, ct).ConfigureAwait(false);
            }
            catch (LocationException e)
            {
                io.Fail(e.Message);
                return null;
            }

            if (!result.IsRegistered)
            {
                io.Fail($"{result.ForwardedFrom ?? aor} is not registered in the overlay (404 Not Found: nobody to call)");
                return null;
            }

            var contact = result.Contacts[0].Registration.Contact;
            if (!IPAddress.TryParse(contact.Host.Trim('[', ']'), out var address))
            {
                io.Fail($"{aor} is registered at {contact}, whose host is not an address");
                return null;
            }

            new SipEventPrinter(io, relative: true).Line($"lookup: {aor} is at {contact} (registered by {result.Contacts[0].RegisteredBy}; {result.Contacts.Count} contact(s)) through {via}", clock.Elapsed);
            return new SipCallTarget(contact.ToString(), new SipNameAddress(aor), new IPEndPoint(address, contact.Port ?? 5060), clock.Elapsed);
        }
    }

    /// <summary>
    /// <paramref name="aor"/> advertised as a <c>_sipuri</c> service on the link of <paramref name="interfaceName"/>
    /// (draft-lee-sip-dns-sd-uri-01 §5: To from the instance name, Request-URI from <c>contact</c>), or null with the reason written.
    /// </summary>
    public static async Task<SipCallTarget?> DiscoverAsync(CliIo io, SipUri aor, string interfaceName, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var target = await SipUriDiscovery.FindAsync(aor, interfaceName, DiscoveryTimeout, ct).ConfigureAwait(false);
        if (target is null)
        {
            io.Fail($"nobody advertises {aor} on {interfaceName} (_sipuri._udp, browsed for {DiscoveryTimeout.TotalSeconds:0} s)");
            return null;
        }

        if (target.Addresses.Count == 0)
        {
            io.Fail($"{aor} is advertised on {interfaceName} with destination {target.Destination}, whose address could not be found");
            return null;
        }

        new SipEventPrinter(io, relative: true).Line($"DNS-SD on {interfaceName}: {target.To} is at {target.RequestUri}, {target.Destination}", clock.Elapsed);
        return new SipCallTarget(target.RequestUri.ToString(), target.To, new IPEndPoint(target.Addresses[0], target.DestinationPort), clock.Elapsed);
    }
}
