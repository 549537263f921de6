using FsCheck.Fluent;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>The generators reach what the round-trip properties are meant to cover.</summary>
public class GeneratorTests
{
    private static readonly FsCheck.Rnd Seed = new(9912345678901234567, 1234567890123456789);

    [Fact]
    public void Records_EveryKindOfDataProduced()
    {
        var records = Gen.Sample(DnsGenerators.Record, 2000, Seed, 20);

        Assert.Equal(2000, records.Length);
        var kinds = records.Select(r => r.Data.GetType()).ToHashSet();
        Assert.Equal(6, kinds.Count);
        Assert.Contains(records, r => r.CacheFlush);
        Assert.Contains(records, r => r.Data is NsecData n && !n.IsMulticastForm);
        Assert.Contains(records, r => r.Type == DnsRecordType.Aaaa);
    }

    [Fact]
    public void Names_AwkwardLabelsAndBothCasesProduced()
    {
        var names = Gen.Sample(DnsGenerators.Name, 2000, Seed, 20).Select(n => n.ToString()).ToList();

        Assert.Contains(names, n => n.Contains(@"\.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains(@"\\", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("(2)", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains('日', StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("LOCAL", StringComparison.Ordinal));
        Assert.Contains(names, n => n == ".");
    }
}
