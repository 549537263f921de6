namespace Peerlink.Simulation.Tests;

public class ChurnModelTests
{
    [Fact]
    public void Parse_SessionOnly_DownTimeSameAsSessionAndAllCrashes()
    {
        var model = ChurnModel.Parse("session=exp:60m");

        Assert.Equal(TimeSpan.FromMinutes(60), model.Session.Median);
        Assert.Same(model.Session, model.Down);
        Assert.Equal(0, model.GracefulFraction);
        Assert.Equal("session=exp:1h;down=exp:1h;graceful=0", model.ToString());
    }

    [Theory]
    [InlineData("session=pareto:60m,shape=2", "session=pareto:1h,shape=2;down=pareto:1h,shape=2;graceful=0")]
    [InlineData("session=pareto:60m,shape=1.5;down=exp:10m;graceful=0.5", "session=pareto:1h,shape=1.5;down=exp:10m;graceful=0.5")]
    [InlineData("session=exp:2h down=pareto:5m shape=3", "session=exp:2h;down=pareto:5m,shape=3;graceful=0")]
    [InlineData("graceful=1,down=exp:0s,session=exp:30m", "session=exp:30m;down=exp:0ms;graceful=1")]
    public void Parse_ValidSpec_ToStringParsesBack(string spec, string expected)
    {
        var model = ChurnModel.Parse(spec);

        Assert.Equal(expected, model.ToString());
        Assert.Equal(expected, ChurnModel.Parse(expected).ToString());
    }

    [Theory]
    [InlineData("", "missing session=DIST")]
    [InlineData("down=exp:10m", "missing session=DIST")]
    [InlineData("session=exp:60m;session=exp:10m", "session= is given twice")]
    [InlineData("session=exp:60m;lifetime=2", "unknown clause \"lifetime=2\"")]
    [InlineData("session", "unknown clause \"session\"")]
    [InlineData("shape=2,session=pareto:60m", "shape=A must follow the session= or down=")]
    [InlineData("session=exp:60m,shape=2", "only a pareto distribution has a shape")]
    [InlineData("session=exp:60m;graceful=1.5", "graceful=1.5 is not a fraction")]
    [InlineData("session=exp:60m;graceful=-1", "graceful=-1 is not a fraction")]
    [InlineData("session=exp:sixty", "the median \"sixty\" is not a duration")]
    public void Parse_BadSpec_FormatExceptionSayingWhy(string spec, string problem)
    {
        var e = Assert.Throws<FormatException>(() => ChurnModel.Parse(spec));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FractionOutOfRange_Throws()
    {
        var exp = DurationDistribution.Exponential(TimeSpan.FromMinutes(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => new ChurnModel(exp, null, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChurnModel(exp, null, double.NaN));
    }
}
