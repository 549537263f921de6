using Spectre.Console;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink cluster</c>: its peers join with progress shown, and then they serve (issue 3, "What users get" 2).</summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Cluster_ErrorRedirected_PrintsOneLineAPeerThenTheSummary()
    {
        await using var cluster = RunningCommand.Start("cluster", "--nodes", "4", "--base-port", "0");
        var summary = await cluster.WaitForAsync(@"^4 peers on udp 127\.0\.0\.1 ports (\d+), (\d+), (\d+), (\d+), bootstrap (\S+)$", Ct);
        await cluster.WaitForAsync(@"^overlay: chord with sha1 \(20-byte IDs\); Ctrl-C stops the peers$", Ct);

        var progress = cluster.Error.Text;
        for (var i = 1; i <= 4; i++)
        {
            Assert.Contains($"joined {i}/4: peer ", progress);
        }

        Assert.DoesNotContain('\u001b', progress); // no control codes in a file or a pipe

        // The peers serve: put through the first, get through the last.
        var put = await CliRunner.RunAsync(Ct, "put", "cluster-key", "cluster-value", "--via", $"127.0.0.1:{summary.Groups[1].Value}");
        Assert.True(put.Exit == 0, put.Error);
        var get = await CliRunner.RunAsync(Ct, "get", "cluster-key", "--via", $"127.0.0.1:{summary.Groups[4].Value}");
        Assert.True(get.Exit == 0, get.Error);
        Assert.Equal("cluster-value", get.Out.Trim());

        Assert.Equal(0, await cluster.StopAsync(Ct));
    }

    [Fact]
    public async Task JoinProgress_Terminal_DrawsABarCountingTheJoins()
    {
        using var screen = new StringWriter();
        using var lines = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Out = new AnsiConsoleOutput(screen),
        });

        await JoinProgress.RunAsync(console, lines, 3, async joined =>
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Yield();
                joined($"peer {i}");
            }
        });

        Assert.Contains("joining 3/3", screen.ToString());
        Assert.Contains("100%", screen.ToString());
        Assert.Contains("\u001b[", screen.ToString()); // drawn in place, with control codes
        Assert.Equal(string.Empty, lines.ToString());
    }

    [Fact]
    public async Task JoinProgress_NoTerminal_WritesEachJoinOnItsOwnLine()
    {
        using var lines = new StringWriter();

        await JoinProgress.RunAsync(null, lines, 2, joined =>
        {
            joined("peer a");
            joined("peer b");
            return Task.CompletedTask;
        });

        Assert.Equal($"joined 1/2: peer a{Environment.NewLine}joined 2/2: peer b{Environment.NewLine}", lines.ToString());
    }

    [Fact]
    public void Cluster_Help_ShowsExamples()
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "cluster", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("peerlink cluster --nodes 64 --base-port 7100", output);
        Assert.Contains("--transport <udp|tcp>", output);
    }
}
