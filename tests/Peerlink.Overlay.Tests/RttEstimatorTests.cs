using Peerlink.Core;

namespace Peerlink.Overlay.Tests;

public class RttEstimatorTests
{
    private static readonly NodeId A = NodeId.FromUInt64(1, 20);
    private static readonly NodeId B = NodeId.FromUInt64(2, 20);
    private static readonly NodeId C = NodeId.FromUInt64(3, 20);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    // RFC 6298 §2 by hand, α = 1/8, β = 1/4, G = 10 ms (below 4·RTTVAR throughout), bounds 200 ms..5 s:
    //   R = 400: SRTT = 400, RTTVAR = 200 (R/2), RTO = 400 + 4·200 = 1200
    //   R = 800: RTTVAR = 3/4·200 + 1/4·|400 − 800| = 250, SRTT = 7/8·400 + 1/8·800 = 450, RTO = 450 + 1000 = 1450
    //   R = 450: RTTVAR = 3/4·250 + 1/4·0 = 187.5, SRTT = 7/8·450 + 1/8·450 = 450, RTO = 450 + 750 = 1200
    //   R = 250: RTTVAR = 3/4·187.5 + 1/4·|450 − 250| = 190.625, SRTT = 7/8·450 + 1/8·250 = 425, RTO = 425 + 762.5 = 1187.5
    [Theory]
    [InlineData(1, 400, 200, 1200)]
    [InlineData(2, 450, 250, 1450)]
    [InlineData(3, 450, 187.5, 1200)]
    [InlineData(4, 425, 190.625, 1187.5)]
    public void Sample_Rfc6298Sequence_MatchesHandComputedValues(int samples, double srtt, double rttVar, double rto)
    {
        var estimator = new RttEstimator();
        double[] sequence = [400, 800, 450, 250];

        var returned = TimeSpan.Zero;
        foreach (var r in sequence.Take(samples))
        {
            returned = estimator.Sample(A, Ms(r));
        }

        Assert.True(estimator.TryGet(A, out var e));
        Assert.Equal(Ms(srtt), e.SmoothedRtt);
        Assert.Equal(Ms(rttVar), e.RttVariation);
        Assert.Equal(Ms(rto), e.Rto);
        Assert.Equal(Ms(rto), returned);
        Assert.Equal(Ms(rto), estimator.Rto(A));
    }

    [Fact]
    public void Sample_SteadyRoundTrips_VarianceTermFloorsAtG()
    {
        // RTTVAR halves its distance to 0 every few samples; once 4·RTTVAR < G = 10 ms, RTO = SRTT + G.
        var estimator = new RttEstimator(new RttEstimatorOptions { MinRto = Ms(1) });

        for (var i = 0; i < 40; i++)
        {
            estimator.Sample(A, Ms(100));
        }

        Assert.Equal(Ms(110), estimator.Rto(A));
    }

    [Fact]
    public void Sample_TinyRoundTrip_IsClampedToMinRto()
    {
        var estimator = new RttEstimator();

        // 1 + max(10, 4·0.5) = 11 ms, below the 200 ms floor.
        Assert.Equal(Ms(200), estimator.Sample(A, Ms(1)));
    }

    [Fact]
    public void Sample_HugeRoundTrip_IsClampedToMaxRto()
    {
        var estimator = new RttEstimator();

        // 3 s + 4·1.5 s = 9 s, above Bamboo's 5 s ceiling.
        Assert.Equal(TimeSpan.FromSeconds(5), estimator.Sample(A, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Backoff_RepeatedTimeouts_DoublesUpToMaxRto()
    {
        var estimator = new RttEstimator();
        estimator.Sample(A, Ms(400)); // RTO 1200

        TimeSpan[] backedOff = [estimator.Backoff(A), estimator.Backoff(A), estimator.Backoff(A), estimator.Backoff(A)];

        Assert.Equal([Ms(2400), Ms(4800), Ms(5000), Ms(5000)], backedOff);
        Assert.Equal(Ms(5000), estimator.Rto(A));
    }

    [Fact]
    public void Sample_AfterBackoff_RecomputesFromSrttAndRttvar()
    {
        var estimator = new RttEstimator();
        estimator.Sample(A, Ms(400));
        estimator.Backoff(A);
        estimator.Backoff(A);

        // RTTVAR = 3/4·200 + 0 = 150, SRTT = 400: RTO = 400 + 600, the backoff is gone.
        var rto = estimator.Sample(A, Ms(400));

        Assert.Equal(Ms(1000), rto);
    }

    [Fact]
    public void Rto_UnknownPeer_IsInitialRto()
    {
        var estimator = new RttEstimator();

        Assert.Equal(Ms(500), estimator.Rto(A));
        Assert.False(estimator.TryGet(A, out _));
        Assert.Equal(0, estimator.Count);
    }

    [Fact]
    public void Backoff_UnknownPeer_DoublesInitialRtoAndFirstSampleStillInitialises()
    {
        var estimator = new RttEstimator();

        Assert.Equal(Ms(1000), estimator.Backoff(A));
        Assert.True(estimator.TryGet(A, out var before));
        Assert.Null(before.SmoothedRtt);

        // (2.2) applies to the first real sample: SRTT = R, RTTVAR = R/2, RTO = 3R.
        Assert.Equal(Ms(900), estimator.Sample(A, Ms(300)));
        Assert.True(estimator.TryGet(A, out var after));
        Assert.Equal(Ms(300), after.SmoothedRtt);
        Assert.Equal(Ms(150), after.RttVariation);
    }

    [Fact]
    public void Sample_MorePeersThanCapacity_EvictsTheLeastRecentlyUsed()
    {
        var estimator = new RttEstimator(new RttEstimatorOptions { Capacity = 2 });
        estimator.Sample(A, Ms(100));
        estimator.Sample(B, Ms(200));
        estimator.Backoff(A); // A is now more recent than B

        estimator.Sample(C, Ms(300));

        Assert.Equal(2, estimator.Count);
        Assert.True(estimator.TryGet(A, out _));
        Assert.False(estimator.TryGet(B, out _));
        Assert.True(estimator.TryGet(C, out _));
        Assert.Equal(Ms(500), estimator.Rto(B));
    }

    [Fact]
    public void Rto_Read_DoesNotCountAsUse()
    {
        var estimator = new RttEstimator(new RttEstimatorOptions { Capacity = 2 });
        estimator.Sample(A, Ms(100));
        estimator.Sample(B, Ms(200));
        _ = estimator.Rto(A);

        estimator.Sample(C, Ms(300));

        Assert.False(estimator.TryGet(A, out _));
    }

    [Fact]
    public void Forget_HeldPeer_IsGoneAndOthersStay()
    {
        var estimator = new RttEstimator();
        estimator.Sample(A, Ms(100));
        estimator.Sample(B, Ms(200));

        Assert.True(estimator.Forget(A));
        Assert.False(estimator.Forget(A));
        Assert.Equal(1, estimator.Count);
        Assert.Equal(Ms(600), estimator.Rto(B));
    }

    [Fact]
    public void Sample_NegativeRoundTrip_Throws()
    {
        var estimator = new RttEstimator();

        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Sample(A, Ms(-1)));
    }

    [Fact]
    public void Constructor_InconsistentBounds_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RttEstimator(new RttEstimatorOptions { MinRto = Ms(800), MaxRto = Ms(600), InitialRto = Ms(700) }));
        Assert.Throws<ArgumentException>(() => new RttEstimator(new RttEstimatorOptions { InitialRto = Ms(100) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RttEstimatorOptions { Capacity = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RttEstimatorOptions { MaxRto = TimeSpan.FromHours(1) });
    }
}
