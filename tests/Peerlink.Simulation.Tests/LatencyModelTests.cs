using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Peerlink.Simulation.Tests;

public class LatencyModelTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Constant_AnyPair_ThatDelay()
    {
        var model = LatencyModel.Constant(Ms(50));
        var random = new Random(1);

        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(Ms(50), model.Sample(i, i + 1, 0, random)));
    }

    [Property(Replay = Replay.Seed, MaxTest = 200)]
    public Property Uniform_AnyBoundsAndSeed_SamplesWithinBounds() =>
        Prop.ForAll(
            Gen.Choose(0, 500).Two().Select(t => (Math.Min(t.Item1, t.Item2), Math.Max(t.Item1, t.Item2))).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            (bounds, seed) =>
            {
                var model = LatencyModel.Uniform(Ms(bounds.Item1), Ms(bounds.Item2));
                var random = new Random(seed);
                return Enumerable.Range(0, 50)
                    .Select(i => model.Sample(0, 1, 0, random))
                    .All(d => d >= Ms(bounds.Item1) && d <= Ms(bounds.Item2));
            });

    [Fact]
    public void Uniform_ManySamples_CoverTheRangeEvenly()
    {
        var model = LatencyModel.Uniform(Ms(20), Ms(200));
        var random = new Random(4);

        var samples = Enumerable.Range(0, 10_000).Select(_ => model.Sample(0, 1, 0, random).TotalMilliseconds).ToList();

        Assert.InRange(samples.Min(), 20, 21);
        Assert.InRange(samples.Max(), 199, 200);
        Assert.InRange(samples.Average(), 108, 112);
    }

    [Fact]
    public void Uniform_SameSeed_SameSequence()
    {
        var model = LatencyModel.Uniform(Ms(20), Ms(200));
        var a = new Random(9);
        var b = new Random(9);

        Assert.Equal(
            Enumerable.Range(0, 100).Select(_ => model.Sample(0, 1, 0, a)),
            Enumerable.Range(0, 100).Select(_ => model.Sample(0, 1, 0, b)));
    }

    [Fact]
    public void Internet_PairsFromOneSalt_SymmetricDeterministicAndSaltDependent()
    {
        var model = LatencyModel.Internet;
        var random = new Random(0);

        for (var i = 0; i < 200; i++)
        {
            var (a, b) = (i * 7, (i * 13) + 1);
            var forward = model.Sample(a, b, 42, random);
            Assert.Equal(forward, model.Sample(b, a, 42, random));
            Assert.Equal(forward, model.Sample(a, b, 42, new Random(i)));
        }

        var differing = Enumerable.Range(0, 200).Count(i => model.Sample(i, i + 1, 42, random) != model.Sample(i, i + 1, 43, random));
        Assert.True(differing > 190);
    }

    [Fact]
    public void Internet_ManyPairs_KingLikeDistributionWithinBounds()
    {
        var model = LatencyModel.Internet;
        var random = new Random(0);
        var pairs = new Random(11);

        var delays = Enumerable.Range(0, 50_000)
            .Select(_ => model.Sample(pairs.Next(100_000), pairs.Next(100_000), 7, random).TotalMilliseconds)
            .Order()
            .ToList();

        // King (Gummadi et al. 2002) as used by p2psim: one-way median 70-90 ms, a few ms inside a
        // region, a heavy-ish tail but nothing absurd.
        Assert.InRange(delays[delays.Count / 2], 70, 90);
        Assert.InRange(delays[delays.Count / 100], 3, 30);
        Assert.InRange(delays[delays.Count * 99 / 100], 150, 300);
        Assert.True(delays[0] >= 2);
        Assert.True(delays[^1] <= InternetLatency.MaximumDelay.TotalMilliseconds);
        Assert.True(InternetLatency.MaximumDelay < Ms(600));
    }

    [Theory]
    [InlineData("constant:50ms", "constant:50ms")]
    [InlineData(" constant:1.5s ", "constant:1500ms")]
    [InlineData("constant:0ms", "constant:0ms")]
    [InlineData("uniform:20-200ms", "uniform:20ms-200ms")]
    [InlineData("uniform:20ms-1s", "uniform:20ms-1s")]
    [InlineData("uniform:0.5-2s", "uniform:500ms-2s")]
    [InlineData("uniform:10-10ms", "uniform:10ms-10ms")]
    [InlineData("internet", "internet")]
    public void Parse_ValidSpec_ModelWhoseToStringParsesBack(string spec, string expected)
    {
        var model = LatencyModel.Parse(spec);

        Assert.Equal(expected, model.ToString());
        Assert.Equal(expected, LatencyModel.Parse(model.ToString()).ToString());
    }

    [Theory]
    [InlineData("", "unknown model \"\"")]
    [InlineData("gaussian:50ms", "unknown model \"gaussian\"")]
    [InlineData("constant", "missing a delay")]
    [InlineData("constant:", "missing a delay")]
    [InlineData("constant:50", "\"50\" is not a duration")]
    [InlineData("constant:50x", "unknown unit \"x\"")]
    [InlineData("constant:-5ms", "\"-5ms\" is not a duration")]
    [InlineData("uniform:200ms", "\"200ms\" is not a range")]
    [InlineData("uniform:200-20ms", "the minimum 200ms is above the maximum 20ms")]
    [InlineData("uniform:a-20ms", "\"a\" is not a duration")]
    [InlineData("internet:fast", "takes no argument")]
    public void Parse_BadSpec_FormatExceptionNamingSpecAndProblem(string spec, string problem)
    {
        var e = Assert.Throws<FormatException>(() => LatencyModel.Parse(spec));

        Assert.StartsWith($"latency \"{spec}\": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factories_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyModel.Constant(Ms(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyModel.Uniform(Ms(20), Ms(10)));
    }
}
