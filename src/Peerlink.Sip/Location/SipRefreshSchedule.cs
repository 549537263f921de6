namespace Peerlink.Sip.Location;

/// <summary>
/// When a registrar refreshes its registration (sans-IO: <c>now</c> in, the wait out). Like a SIP UA's
/// REGISTER (RFC 3261 §10.2.4, refreshed before it expires), it refreshes at half the lifetime, so one lost
/// refresh still leaves time for another. A failed refresh (no answer, the peer restarting) is tried again
/// sooner: after 1 s, 2 s, 4 s ... never later than half the lifetime, so transient failures do not end the
/// registration; <see cref="Left"/> says how long the last stored one still holds.
/// </summary>
public sealed class SipRefreshSchedule
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _half;
    private TimeSpan _retry = FirstRetry;
    private DateTimeOffset? _until;

    /// <summary>A schedule for registrations of <paramref name="lifetimeSeconds"/> seconds (at least 1).</summary>
    public SipRefreshSchedule(uint lifetimeSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(lifetimeSeconds);
        Lifetime = TimeSpan.FromSeconds(lifetimeSeconds);
        _half = Lifetime / 2;
    }

    /// <summary>The lifetime each refresh asks for.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Failed refreshes since the last one that was stored.</summary>
    public int Failures { get; private set; }

    /// <summary>The registration was stored at <paramref name="now"/>: the wait until the next refresh.</summary>
    public TimeSpan Stored(DateTimeOffset now)
    {
        _until = now + Lifetime;
        _retry = FirstRetry;
        Failures = 0;
        return _half;
    }

    /// <summary>A refresh failed at <paramref name="now"/>: the wait until it is tried again.</summary>
    public TimeSpan Failed(DateTimeOffset now)
    {
        _ = now;
        Failures++;
        var wait = _retry < _half ? _retry : _half;
        _retry *= 2;
        return wait;
    }

    /// <summary>How long the last stored registration still holds at <paramref name="now"/>; zero when it has lapsed or none was stored.</summary>
    public TimeSpan Left(DateTimeOffset now) => _until is { } until && until > now ? until - now : TimeSpan.Zero;
}
