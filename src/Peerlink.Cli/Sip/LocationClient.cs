using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;
using Peerlink.Wire;

namespace Peerlink.Cli.Sip;

/// <summary>
/// P2P-SIP location through a client (§3.2) attached to one peer of the overlay, after RFC 7904: an AOR's
/// registrations are Resource-Objects of Cont-Type <see cref="ContentType.SipRegistration"/>, Sub-Type 0,
/// under the overlay's hash of <see cref="SipAor.Key"/> (the same mapping <c>peerlink put/get</c> use for
/// their keys). P2PP keeps one object per (Resource-ID, Cont-Type, Sub-Type, Owner), so every registering
/// node has its own, which only it can replace or remove (§7.2.2), and a lookup returns every node's. The
/// object's Expires is the registration's lifetime: a registrar that dies stops refreshing, and its
/// registration is gone when that runs out.
/// </summary>
internal sealed class LocationClient(LiveClient client, TimeProvider time)
{
    /// <summary>This client's node ID: the Owner of every registration it stores, which lookups show as "registered by".</summary>
    public string NodeId => client.Node.Self.Id.ToString();

    /// <summary>The registration as it is published now: <paramref name="registration"/> stamped with this moment.</summary>
    public SipRegistration Stamp(SipRegistration registration) => registration with { RegisteredAt = time.GetUtcNow() };

    /// <summary>Stores (or replaces this node's) registration once, stamped now, for its <see cref="SipRegistration.Lifetime"/>.</summary>
    /// <exception cref="LocationException">The overlay did not store it.</exception>
    public async Task<SipRegistration> PublishAsync(SipRegistration registration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var stamped = Stamp(registration);
        var obj = new ResourceObject(ContentType.SipRegistration, 0, ResourceId(registration.Aor), Bytes.Copy(SipRegistrationCodec.Encode(stamped)))
        {
            Expires = stamped.Lifetime,
        };
        var result = await RunAsync((now, done) => client.Node.Publish(now, obj, RoutingMode.Recursive, done), ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new LocationException($"the overlay did not store the registration of {registration.Aor} through {client.Peer}: {Why(result)}");
        }

        return stamped;
    }

    /// <summary>
    /// Keeps <paramref name="registration"/> in the overlay until <paramref name="ct"/> is cancelled: publishes it
    /// now (a failure of this first one throws, so a wrong --via shows at once), then refreshes it as
    /// <see cref="SipRefreshSchedule"/> says: at half its lifetime, and after a failure sooner, with backoff. Each
    /// failure is told to <paramref name="failed"/> with the wait before the next try and how long the last stored
    /// registration still holds (zero: it has lapsed, and callers do not find it until a refresh gets through).
    /// It does not remove the registration when cancelled: <see cref="UnregisterAsync"/> does.
    /// </summary>
    /// <exception cref="LocationException">The first publish failed.</exception>
    public async Task RegisterAsync(SipRegistration registration, Action<SipRegistration> stored, Action<LocationFailure> failed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(failed);
        var schedule = new SipRefreshSchedule(Math.Max(1, registration.Lifetime));
        stored(await PublishAsync(registration, ct).ConfigureAwait(false));
        var wait = schedule.Stored(time.GetUtcNow());
        while (true)
        {
            try
            {
                await Task.Delay(wait, time, ct).ConfigureAwait(false);
                stored(await PublishAsync(registration, ct).ConfigureAwait(false));
                wait = schedule.Stored(time.GetUtcNow());
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (LocationException e)
            {
                var now = time.GetUtcNow();
                wait = schedule.Failed(now);
                failed(new LocationFailure(e.Message, wait, schedule.Left(now), schedule.Failures));
            }
        }
    }

    /// <summary>Removes this node's registration of <paramref name="aor"/>; false when there was none (already expired, or never stored).</summary>
    /// <exception cref="LocationException">The overlay did not answer, or refused.</exception>
    public async Task<bool> UnregisterAsync(SipUri aor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(aor);
        var key = new ResourceObject(ContentType.SipRegistration, 0, ResourceId(aor), Bytes.Empty);
        var result = await RunAsync((now, done) => client.Node.RemoveObject(now, key, RoutingMode.Recursive, done), ct).ConfigureAwait(false);
        return result.Code switch
        {
            ResponseCode.Ok => true,
            ResponseCode.NotFound => false,
            _ => throw new LocationException($"the overlay did not remove the registration of {aor} through {client.Peer}: {Why(result)}"),
        };
    }

    /// <summary>
    /// Every live contact of <paramref name="aor"/> (<see cref="SipLocationRules.Select"/>), following a
    /// forwarding once when the AOR holds nothing else. Not registered is a result, not an exception.
    /// </summary>
    /// <exception cref="LocationException">The overlay did not answer, or refused.</exception>
    public async Task<SipLookupResult> LookupAsync(SipUri aor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(aor);
        var first = await LookupOnceAsync(aor, ct).ConfigureAwait(false);
        return first.ForwardTo is { } target ? first.Followed(await LookupOnceAsync(target, ct).ConfigureAwait(false)) : first;
    }

    private async Task<SipLookupResult> LookupOnceAsync(SipUri aor, CancellationToken ct)
    {
        var query = new RLookup(ContentType.SipRegistration, 0, ResourceId(aor));
        var result = await RunAsync((now, done) => client.Node.LookupObject(now, query, RoutingMode.Recursive, done), ct).ConfigureAwait(false);
        if (!result.Succeeded && result.Code != ResponseCode.NotFound)
        {
            throw new LocationException($"the overlay did not answer the lookup of {aor} through {client.Peer}: {Why(result)}");
        }

        var values = result.Objects.Select(o => new SipStoredValue(
            o.Value.Memory,
            o.Expires is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            o.Owner?.ToString()));
        return SipLocationRules.Select(aor, values, time.GetUtcNow());
    }

    private NodeId ResourceId(SipUri aor) => LiveNodes.KeyId(client.Overlay, SipAor.Key(aor));

    private static string Why(OverlayResult result) => $"{(int)result.Code} {ClientRequests.Failure(result)}";

    private async Task<OverlayResult> RunAsync(Action<TimeSpan, Action<OverlayResult>> start, CancellationToken ct)
    {
        try
        {
            return await ClientRequests.InvokeAsync(client.Host, start, client.Peer, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new LocationException(e.Message, e); // over TCP: the peer refused the connection
        }
    }
}

/// <summary>A refresh that failed.</summary>
/// <param name="Why">What the overlay said, or that it said nothing.</param>
/// <param name="Retry">The wait before the next try.</param>
/// <param name="Left">How long the last stored registration still holds; zero when it has lapsed.</param>
/// <param name="Failures">Failed refreshes in a row.</param>
internal sealed record LocationFailure(string Why, TimeSpan Retry, TimeSpan Left, int Failures);
