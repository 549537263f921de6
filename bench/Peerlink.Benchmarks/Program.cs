using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Peerlink.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line, e.g.
/// <c>dotnet run -c Release --project bench/Peerlink.Benchmarks -- --filter '*'</c>
/// (add <c>--job short</c> for a quick, less precise run). Reports go to
/// <c>bench/BenchmarkDotNet.Artifacts</c> unless <c>--artifacts</c> says otherwise.
/// <c>--alloc-profile</c> instead samples which types the decoder allocates (see <see cref="AllocationProfile"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--alloc-profile")
        {
            AllocationProfile.Run(args.Length > 1 ? args[1] : "join");
            return;
        }

        var config = DefaultConfig.Instance;
        if (!args.Contains("--artifacts") && BenchDirectory() is { } bench)
        {
            config = config.WithArtifactsPath(Path.Combine(bench, "BenchmarkDotNet.Artifacts"));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }

    /// <summary>The bench/ folder this program was built in, found upwards from its binaries.</summary>
    private static string? BenchDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Peerlink.Benchmarks.csproj")))
            {
                return dir.Parent?.FullName;
            }
        }

        return null;
    }
}
