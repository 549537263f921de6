using Peerlink.Sip.Location;

namespace Peerlink.Sip.Tests.Location;

public sealed class SipRefreshScheduleTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Stored_RefreshesAtHalfTheLifetime()
    {
        var schedule = new SipRefreshSchedule(600);

        Assert.Equal(TimeSpan.FromSeconds(300), schedule.Stored(T0));
        Assert.Equal(TimeSpan.FromSeconds(600), schedule.Left(T0));
        Assert.Equal(TimeSpan.FromSeconds(300), schedule.Left(T0 + TimeSpan.FromSeconds(300)));
    }

    [Fact]
    public void Failed_RetriesSoonerAndBacksOff_NeverPastHalfTheLifetime()
    {
        var schedule = new SipRefreshSchedule(20);
        schedule.Stored(T0);

        var waits = Enumerable.Range(0, 6).Select(i => schedule.Failed(T0 + TimeSpan.FromSeconds(10 + i))).ToList();

        Assert.Equal([1, 2, 4, 8, 10, 10], waits.Select(w => w.TotalSeconds));
        Assert.Equal(6, schedule.Failures);
    }

    [Fact]
    public void Stored_AfterFailures_StartsTheBackoffAgain()
    {
        var schedule = new SipRefreshSchedule(60);
        schedule.Stored(T0);
        schedule.Failed(T0 + TimeSpan.FromSeconds(30));
        schedule.Failed(T0 + TimeSpan.FromSeconds(31));

        Assert.Equal(TimeSpan.FromSeconds(30), schedule.Stored(T0 + TimeSpan.FromSeconds(33)));
        Assert.Equal(0, schedule.Failures);
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.Failed(T0 + TimeSpan.FromSeconds(63)));
    }

    [Fact]
    public void Left_AfterTheLifetimeWithoutARefresh_IsZero()
    {
        var schedule = new SipRefreshSchedule(5);
        Assert.Equal(TimeSpan.Zero, schedule.Left(T0)); // nothing stored yet
        schedule.Stored(T0);

        Assert.Equal(TimeSpan.Zero, schedule.Left(T0 + TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.Zero, schedule.Left(T0 + TimeSpan.FromSeconds(50)));
    }
}
