using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>What /proc says about a process and a namespace's UDP, read between load steps.</summary>
internal static class ProcStats
{
    /// <summary>proc(5) counts utime and stime in clock ticks: sysconf(_SC_CLK_TCK), 100 on Linux x86-64.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The pid of the process whose command line holds <paramref name="marker"/> and starts with a dotnet, or null.</summary>
    public static int? FindDotnet(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (argv.Length > 1 && Path.GetFileName(argv[0]) == "dotnet" && argv.Contains(marker))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
        }

        return null;
    }

    /// <summary>User plus system CPU time a process has used so far (proc(5): fields 14 and 15 of /proc/PID/stat).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The CPUs a process may run on (Cpus_allowed_list in /proc/PID/status).</summary>
    public static string AllowedCpus(int pid) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";

    /// <summary>The Udp counters of namespace <paramref name="ns"/> (/proc/net/snmp as seen from inside it): InErrors, RcvbufErrors...</summary>
    public static IReadOnlyDictionary<string, long> Udp(string ns)
    {
        var (code, output, error) = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", "netns", "exec", ns, "cat", "/proc/net/snmp");
        if (code != 0)
        {
            throw new InvalidOperationException($"reading /proc/net/snmp in {ns} failed: {error}");
        }

        var lines = output.Split('\n').Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        return names.Zip(values).ToDictionary(p => p.First, p => long.Parse(p.Second, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}
