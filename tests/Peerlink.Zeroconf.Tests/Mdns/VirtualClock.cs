namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Drives one sans-IO engine through virtual time: polls it at each deadline it asks for.</summary>
internal static class VirtualClock
{
    /// <summary>
    /// Polls at every deadline from <paramref name="nextDeadline"/> up to <paramref name="until"/>, moving
    /// the clock with <paramref name="setNow"/>; the clock ends at <paramref name="until"/> (or stays, if later).
    /// </summary>
    public static void RunUntil(TimeSpan now, TimeSpan until, Func<TimeSpan?> nextDeadline, Action<TimeSpan> setNow, Action<TimeSpan> poll)
    {
        for (var guard = 0; nextDeadline() is { } due && due <= until; guard++)
        {
            Assert.True(guard < 100_000, "the engine keeps asking for the same deadline");
            now = due > now ? due : now;
            setNow(now);
            poll(now);
        }

        setNow(until > now ? until : now);
    }
}
