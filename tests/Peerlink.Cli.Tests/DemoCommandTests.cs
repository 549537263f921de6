using System.Text.RegularExpressions;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

public partial class DemoCommandTests
{
    [Fact]
    public void Demo_NoSetUp_PrintsAJoinWhoseBytesDecodeAndFindsTheValueInEveryMode()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, "demo");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        var dump = string.Concat(DumpRow().Matches(output).Select(m => m.Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal)));
        var join = P2ppCodec.Decode(Hex.Parse(dump));
        Assert.Equal(RequestType.Join, join.Header.RequestType);
        Assert.Equal(IdHash.ToId(HashAlgorithmCode.Sha1, "alice@example.com"), join.Header.SourceId);
        Assert.Contains("\"requestType\": \"LookupObject\"", output, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(output, "found sip:alice@127\\.0\\.0\\.1:5070 after")); // every routing mode found it
    }

    [GeneratedRegex(@"^  [0-9a-f]{4}  ((?:[0-9a-f]{2} ?)+)$", RegexOptions.Multiline)]
    private static partial Regex DumpRow();
}
