namespace Peerlink.Simulation.Tests;

public class InOrderLinksTests
{
    [Fact]
    public void Next_EarlierProposalAfterLaterOne_HeldBackToTheLater()
    {
        var links = new InOrderLinks();

        Assert.Equal(500, links.Next(1, 2, 500, now: 0));
        Assert.Equal(500, links.Next(1, 2, 300, now: 10));
        Assert.Equal(300, links.Next(2, 1, 300, now: 10)); // the other direction is another stream
        Assert.Equal(700, links.Next(1, 2, 700, now: 20));
    }

    [Fact]
    public void Next_ManyPairsOverTime_TableStaysAsSmallAsTheTrafficInFlight()
    {
        var links = new InOrderLinks();
        var peak = 0;

        // 100,000 pairs, each with one packet of 100 ticks in flight, one new pair per tick.
        for (var t = 0; t < 100_000; t++)
        {
            links.Next(t, t + 1, t + 100, now: t);
            peak = Math.Max(peak, links.Count);
        }

        Assert.True(peak <= 2048, $"peak {peak}");
    }

    [Fact]
    public void Next_AfterPrune_OrderStillKeptForPairsInFlight()
    {
        var links = new InOrderLinks();
        links.Next(7, 8, 10_000, now: 0);
        for (var t = 0; t < 5000; t++)
        {
            links.Next(t + 100, t + 101, t + 1, now: t);
        }

        Assert.Equal(10_000, links.Next(7, 8, 6000, now: 5000));
    }
}
