namespace Peerlink.Simulation.Tests;

public class DurationDistributionTests
{
    private const int Samples = 40_001;

    private static double SampleMedianMinutes(DurationDistribution distribution, int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, Samples).Select(_ => distribution.Sample(random).TotalMinutes).Order().ToList();
        return samples[Samples / 2];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Exponential_ManySamples_MedianNearConfigured(int seed)
    {
        // The sample median of 40,001 draws has a standard error of about 0.7%; the bound is 4%.
        Assert.InRange(SampleMedianMinutes(DurationDistribution.Exponential(TimeSpan.FromMinutes(60)), seed), 57.6, 62.4);
    }

    [Fact]
    public void Exponential_ManySamples_MeanIsMedianOverLn2()
    {
        var random = new Random(5);
        var distribution = DurationDistribution.Exponential(TimeSpan.FromMinutes(60));

        var mean = Enumerable.Range(0, Samples).Average(_ => distribution.Sample(random).TotalMinutes);

        Assert.InRange(mean, 60 / Math.Log(2) * 0.96, 60 / Math.Log(2) * 1.04);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.5)]
    public void Pareto_ManySamples_MedianNearConfiguredAndNothingBelowScale(double shape)
    {
        var distribution = DurationDistribution.Pareto(TimeSpan.FromMinutes(60), shape);
        var random = new Random(6);
        var scale = 60 / Math.Pow(2, 1 / shape);

        Assert.InRange(SampleMedianMinutes(distribution, 7), 57.6, 62.4);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(distribution.Sample(random).TotalMinutes >= scale * 0.999));
    }

    [Fact]
    public void Pareto_ShapeOne_HeavierTailThanExponential()
    {
        var pareto = DurationDistribution.Pareto(TimeSpan.FromMinutes(60), 1);
        var exponential = DurationDistribution.Exponential(TimeSpan.FromMinutes(60));
        var random = new Random(8);

        var longPareto = Enumerable.Range(0, 10_000).Count(_ => pareto.Sample(random) > TimeSpan.FromHours(10));
        var longExponential = Enumerable.Range(0, 10_000).Count(_ => exponential.Sample(random) > TimeSpan.FromHours(10));

        // P(X > 10 medians): Pareto(shape 1) 1/20, exponential 2^-10.
        Assert.InRange(longPareto, 400, 600);
        Assert.InRange(longExponential, 0, 30);
    }

    [Fact]
    public void Sample_ZeroMedian_AlwaysZero()
    {
        var random = new Random(1);

        Assert.Equal(TimeSpan.Zero, DurationDistribution.Exponential(TimeSpan.Zero).Sample(random));
        Assert.Equal(TimeSpan.Zero, DurationDistribution.Pareto(TimeSpan.Zero).Sample(random));
    }

    [Theory]
    [InlineData("exp:60m", "exp:1h")]
    [InlineData("exp:1.5h", "exp:90m")]
    [InlineData("exp:45m", "exp:45m")]
    [InlineData("exp:90s", "exp:90s")]
    [InlineData("pareto:60m", "pareto:1h,shape=2")]
    [InlineData("pareto:60m, shape=1.5", "pareto:1h,shape=1.5")]
    public void Parse_ValidSpec_ToStringParsesBack(string spec, string expected)
    {
        var distribution = DurationDistribution.Parse(spec);

        Assert.Equal(expected, distribution.ToString());
        Assert.Equal(expected, DurationDistribution.Parse(expected).ToString());
    }

    [Theory]
    [InlineData("60m", "expected \"exp:MEDIAN\" or \"pareto:MEDIAN[,shape=A]\"")]
    [InlineData("weibull:60m", "unknown kind \"weibull\"")]
    [InlineData("exp:sixty", "the median \"sixty\" is not a duration")]
    [InlineData("exp:60m,shape=2", "only a pareto distribution has a shape")]
    [InlineData("pareto:60m,shape=0", "expected shape=A with A a positive number")]
    [InlineData("pareto:60m,shape=x", "expected shape=A with A a positive number")]
    [InlineData("pareto:60m,scale=2", "expected shape=A")]
    [InlineData("pareto:60m,shape=2,shape=3", "shape is given twice")]
    public void Parse_BadSpec_FormatExceptionSayingWhy(string spec, string problem)
    {
        var e = Assert.Throws<FormatException>(() => DurationDistribution.Parse(spec));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains(spec, e.Message, StringComparison.Ordinal);
    }
}
