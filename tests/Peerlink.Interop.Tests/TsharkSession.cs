using System.Globalization;

namespace Peerlink.Interop.Tests;

/// <summary>
/// A scratch folder for one test class: captures written with <see cref="PcapWriter"/> go there, and
/// tshark reads them with a private configuration folder (so a user's Wireshark preferences cannot
/// change a result) and, optionally, a Lua dissector of ours loaded.
/// </summary>
public sealed class TsharkSession : IDisposable
{
    /// <summary>The program's name on PATH.</summary>
    public const string Tool = "tshark";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("peerlink-tshark-");
    private readonly string? _luaScript;

    /// <summary>Starts a session; <paramref name="luaScript"/> is a dissector file tshark must load.</summary>
    public TsharkSession(string? luaScript = null) => _luaScript = luaScript;

    /// <summary>Writes a capture file and returns its path.</summary>
    public string Capture(Action<PcapWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var path = Path.Combine(_directory.FullName, "capture.pcap");
        using (var writer = new PcapWriter(File.Create(path)))
        {
            write(writer);
        }

        return path;
    }

    /// <summary>Runs tshark over a capture; fails the test on a non-zero exit or a Lua complaint.</summary>
    public ToolResult Run(string pcap, params string[] arguments)
    {
        List<string> all = ["-n"];
        if (_luaScript is not null)
        {
            Assert.True(File.Exists(_luaScript), $"{_luaScript} is missing");
            all.AddRange(["-X", $"lua_script:{_luaScript}"]);
        }

        all.AddRange(["-r", pcap, .. arguments]);
        var config = Directory.CreateDirectory(Path.Combine(_directory.FullName, "config")).FullName;
        var result = ExternalTool.Run(Tool, all, environment: new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = config });
        var complaints = string.Join('\n', result.Error.Split('\n')
            .Where(l => l.Length > 0 && !l.Contains("Running as user", StringComparison.Ordinal)));
        Assert.True(result.ExitCode == 0, $"tshark exited with {result.ExitCode}: {complaints}");
        Assert.DoesNotContain("Lua", complaints, StringComparison.OrdinalIgnoreCase);
        return result;
    }

    /// <summary>The numbers of the frames a display filter matches.</summary>
    public List<int> Frames(string pcap, string filter) =>
        [.. Run(pcap, "-Y", filter, "-T", "fields", "-e", "frame.number").Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.Parse(n, CultureInfo.InvariantCulture))];

    /// <summary>Fields per frame number (every occurrence, joined with commas); optionally only the frames a filter matches.</summary>
    public SortedDictionary<int, Dictionary<string, string>> Fields(string pcap, string? filter, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        List<string> arguments = ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "quote=n", "-e", "frame.number"];
        foreach (var f in fields)
        {
            arguments.Add("-e");
            arguments.Add(f);
        }

        if (filter is not null)
        {
            arguments.Add("-Y");
            arguments.Add(filter);
        }

        var rows = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var line in Run(pcap, [.. arguments]).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.TrimEnd('\r').Split('\t');
            Assert.Equal(fields.Length + 1, cells.Length);
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < fields.Length; i++)
            {
                row[fields[i]] = cells[i + 1];
            }

            rows[int.Parse(cells[0], CultureInfo.InvariantCulture)] = row;
        }

        return rows;
    }

    /// <summary>A boolean field as tshark prints it.</summary>
    public static bool IsTrue(string field) => field is "1" or "True" or "TRUE" or "true";

    /// <inheritdoc/>
    public void Dispose() => _directory.Delete(recursive: true);
}
