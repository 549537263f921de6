using System.Text.Json;

namespace Peerlink.Cli.Tests;

public class WireCommandTests
{
    // A KeepAlive indication, hand-built from draft-baset-p2psip-p2pp-01 §9.1:
    // 0x54 0x00 = V 01, T 01 (indication), A 0, P 1, R 0, reserved 0; type 5; TTL 1.
    private const string KeepAliveHex = """
        5400 0501 596abf0d 00000007 00000028
        0102030405060708090a0b0c0d0e0f1011121314
        0e00 0004 0000003c
        0000 0008 0100 0004 0a0b0c0d
        """;

    [Fact]
    public void Decode_HandBuiltKeepAlive_PrintsHeaderAndObjectsByName()
    {
        var (exit, output, error) = CliRunner.Run(KeepAliveHex, "wire", "decode");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("indication", root.GetProperty("kind").GetString());
        Assert.False(root.GetProperty("ack").GetBoolean());
        Assert.True(root.GetProperty("peer").GetBoolean());
        Assert.False(root.GetProperty("recursive").GetBoolean());
        Assert.Equal("KeepAlive", root.GetProperty("requestType").GetString());
        Assert.Equal(1, root.GetProperty("ttl").GetInt32());
        Assert.Equal(7u, root.GetProperty("transactionId").GetUInt32());
        Assert.Equal("0102030405060708090a0b0c0d0e0f1011121314", root.GetProperty("sourceId").GetString());
        Assert.False(root.TryGetProperty("responseId", out _));
        var objects = root.GetProperty("objects");
        Assert.Equal("Expires", objects[0].GetProperty("type").GetString());
        Assert.Equal(60, objects[0].GetProperty("seconds").GetInt32());
        Assert.Equal("PeerInfo", objects[1].GetProperty("type").GetString());
        Assert.Equal("0a0b0c0d", objects[1].GetProperty("peerId").GetString());
    }

    [Fact]
    public void EncodeThenDecode_JsonFromDecode_ReproducesTheSameBytes()
    {
        var (_, json, _) = CliRunner.Run(KeepAliveHex, "wire", "decode");

        var (exit, hex, error) = CliRunner.Run(json, "wire", "encode");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Equal(string.Concat(KeepAliveHex.Where(char.IsAsciiHexDigit)), hex.Trim());
    }

    [Fact]
    public void Decode_TruncatedMessage_ExitsOneWithOffsetOnOneLine()
    {
        var truncated = string.Concat(KeepAliveHex.Where(char.IsAsciiHexDigit))[..^2];

        var (exit, output, error) = CliRunner.Run(truncated, "wire", "decode");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("at byte 12", error, StringComparison.Ordinal);
        Assert.Contains("Truncated", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ObjectLengthPastEnd_NamesTheObjectOffset()
    {
        // Same message, but the Expires object claims 5 bytes: the fault is found inside the body.
        var bad = KeepAliveHex.Replace("0e00 0004", "0e00 0005", StringComparison.Ordinal);

        var (exit, _, error) = CliRunner.Run(bad, "wire", "decode");

        Assert.Equal(1, exit);
        Assert.Contains("malformed P2PP message at byte", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NotHex_ExitsOneAndSaysWhichCharacter()
    {
        var (exit, _, error) = CliRunner.Run("54 00 zz", "wire", "decode");

        Assert.Equal(1, exit);
        Assert.Contains("'z' at character 6", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Sha256Overlay_ReadsThirtyTwoByteIds()
    {
        var id = string.Concat(Enumerable.Repeat("ab", 32));
        var hex = "5400 0501 596abf0d 00000001 00000028" + id + "0e00 0004 0000003c";

        var (exit, output, error) = CliRunner.Run(hex, "wire", "decode", "--hash", "Sha256");
        var (exitDefault, _, _) = CliRunner.Run(hex, "wire", "decode");

        Assert.True(exit == 0, error);
        Assert.Contains(id, output, StringComparison.Ordinal);
        Assert.Equal(1, exitDefault);
    }

    [Fact]
    public void Decode_IdLengthOption_OverridesTheHashLength()
    {
        var hex = "5400 0501 596abf0d 00000001 00000010" + "01020304 05060708" + "0e00 0004 0000003c";

        var (exit, output, error) = CliRunner.Run(hex, "wire", "decode", "--id-length", "8");

        Assert.True(exit == 0, error);
        Assert.Contains("\"sourceId\": \"0102030405060708\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_BadJson_ExitsOneNamingThePath()
    {
        var (exit, _, error) = CliRunner.Run("""{"kind":"request","requestType":"Join","transactionId":1,"sourceId":"zz"}""", "wire", "encode");

        Assert.Equal(1, exit);
        Assert.Contains("$.sourceId", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WrongIdLength_ExitsOneWithTheRule()
    {
        var (exit, _, error) = CliRunner.Run("""{"kind":"request","requestType":"Join","transactionId":1,"sourceId":"0102"}""", "wire", "encode");

        Assert.Equal(1, exit);
        Assert.Contains("Source-ID must be 20 bytes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wire", "decode")]
    [InlineData("wire", "encode")]
    [InlineData("wire")]
    [InlineData("demo")]
    public void Help_EveryVerb_DescribesItself(params string[] verb)
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, [.. verb, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("Description:", output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        // The usage line names the verb path; the program name is the host's (testhost here, peerlink installed).
        Assert.Matches($@"Usage:\s+\S+ {string.Join(' ', verb)} (\[command\] )?\[options\]", output);
    }
}
