using System.Diagnostics;
using System.Text.Json;

namespace Peerlink.Z2zBench;

/// <summary>
/// What <c>peerlink z2z status --key K --json</c> found under the key: the live (not withdrawn) records,
/// and how old the stalest one is by its RefreshedAt stamp. A record older than its TTL is one the
/// exporter failed to keep fresh (importers would drop it).
/// </summary>
internal sealed record StatusSnapshot(int Live, int Withdrawn, int Unreadable, long MaxAgeSeconds, int Stale, TimeSpan Took, string? Failure)
{
    public static StatusSnapshot Take(string ns, IReadOnlyList<string> via, string key)
    {
        var started = Stopwatch.GetTimestamp();
        var (code, output, error) = PeerlinkCli.Run(ns, TimeSpan.FromSeconds(60), ["z2z", "status", "--key", key, "--json", .. via]);
        var took = Stopwatch.GetElapsedTime(started);
        if (code != 0)
        {
            return new StatusSnapshot(0, 0, 0, 0, 0, took, $"status exited {code}: {error.Trim().Split('\n')[0]}");
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int live = 0, withdrawn = 0, unreadable = 0, stale = 0;
        long maxAge = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                var e = JsonDocument.Parse(line).RootElement;
                if (e.GetProperty("event").GetString() == "withdrawn")
                {
                    withdrawn++;
                    continue;
                }

                if (!names.Add(e.GetProperty("name").GetString() ?? string.Empty))
                {
                    continue; // the same service twice (an older copy still stored somewhere)
                }

                live++;
                var age = now - e.GetProperty("refreshedAt").GetInt64();
                maxAge = Math.Max(maxAge, age);
                if (age > e.GetProperty("ttl").GetInt64())
                {
                    stale++;
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                unreadable++;
            }
        }

        return new StatusSnapshot(live, withdrawn, unreadable, maxAge, stale, took, null);
    }
}
