using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// SIPp's built-in UAS (`sipp -sn uas`, Debian sip-tester) in a namespace, answering <c>-m</c> calls on one
/// address and port, bounded by <c>-timeout</c> and by the namespace process's lifetime. Its statistics go to
/// a CSV file (-trace_stat -stf) in a temp folder, read back for SuccessfulCall(C) and FailedCall(C).
/// </summary>
internal sealed class SippUas : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("peerlink-sipp-");
    private readonly NamespaceProcess _process;

    public SippUas(string ns, string address, int port, int calls)
    {
        StatsFile = Path.Combine(_directory.FullName, "uas.csv");
        // Never -bg: it forks and escapes `timeout` (peers.md §3). -nostdin, and -timeout ends it in any case.
        _process = NamespaceProcess.Start(ns, TimeSpan.FromSeconds(60), null, "sipp",
            "-sn", "uas", "-i", address, "-p", port.ToString(CultureInfo.InvariantCulture), "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-nostdin", "-timeout", "45s", "-trace_stat", "-stf", StatsFile, "-trace_err", "-error_file", Path.Combine(_directory.FullName, "errors.log"));
    }

    public string StatsFile { get; }

    public NamespaceProcess Process => _process;

    /// <summary>The last (cumulative) row of the statistics, by column name.</summary>
    public IReadOnlyDictionary<string, string> FinalStatistics()
    {
        var rows = File.ReadAllLines(StatsFile).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();
        return rows[0].Zip(rows[^1]).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
