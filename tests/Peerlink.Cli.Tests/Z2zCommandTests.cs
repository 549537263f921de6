using Peerlink.Cli.Z2z;
using Peerlink.Core;
using Peerlink.Z2z.Records;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink z2z</c>'s argument errors, and how the overlay rendezvous packs a bucket.</summary>
public sealed class Z2zCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    [Theory]
    [InlineData("--key is required", "z2z", "export", "_http._tcp", "--interface", "lo")]
    [InlineData("--key is required", "z2z", "import", "--interface", "lo")]
    [InlineData("--interface is required", "z2z", "import", "--key", "columbia")]
    [InlineData("\"http\" is not a service type", "z2z", "export", "http", "--key", "columbia", "--interface", "lo")]
    [InlineData("--rendezvous opendht=ftp://x: say overlay, or opendht=http://HOST:PORT", "z2z", "status", "--key", "columbia", "--rendezvous", "opendht=ftp://x")]
    [InlineData("say what to do: peerlink z2z export TYPE... | import | status", "z2z", "--key", "columbia")]
    [InlineData("--exportopendht and --importopendht are two runs", "z2z", "--exportopendht", "_http._tcp", "--importopendht", "--key", "columbia", "--interface", "lo")]
    public async Task Z2z_WrongArguments_OneClearLineAndNonZeroExit(string expected, params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(_timeout.Token, args);
        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlayBucket_PackThenUnpack_SameRecordsInOrder_ALengthPastTheEndKeptAsOneUndecodableValue()
    {
        byte[][] records = [[1, 2, 3], [], [.. Enumerable.Range(0, 1024).Select(i => (byte)i)]];
        var packed = OverlayRendezvous.Pack(records);
        Assert.Equal(3 * 2 + 3 + 0 + 1024, packed.Length);

        var unpacked = new List<ReadOnlyMemory<byte>>();
        OverlayRendezvous.Unpack(packed, unpacked);
        Assert.Equal(records.Select(r => r.AsEnumerable()), unpacked.Select(u => u.ToArray().AsEnumerable()));

        var cut = new List<ReadOnlyMemory<byte>>();
        OverlayRendezvous.Unpack(packed.AsMemory(0, packed.Length - 1), cut);
        Assert.Equal(3, cut.Count); // the last record's length runs past the end: passed on, and the importer counts it undecodable
        Assert.Equal(1024 + 1, cut[2].Length);
    }

    [Fact]
    public void OverlayBucket_SameServiceFromAnyExporter_SameBucket_ServicesSpreadOverAll16()
    {
        var a = new RecordKey(Bytes.FromHex("0102030405060708"), "_http._tcp", "Web");
        var b = a with { Exporter = Bytes.FromHex("0909090909090909") };
        Assert.Equal(OverlayRendezvous.BucketOf(a), OverlayRendezvous.BucketOf(b));
        var buckets = Enumerable.Range(0, 1000).Select(i => OverlayRendezvous.BucketOf(a with { InstanceName = $"Svc {i}" })).ToList();
        Assert.Equal(OverlayRendezvous.Buckets, buckets.Distinct().Count());
        Assert.All(buckets.GroupBy(x => x), g => Assert.InRange(g.Count(), 30, 100));
    }
}
