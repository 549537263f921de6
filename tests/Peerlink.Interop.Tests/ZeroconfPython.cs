using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// python-zeroconf (Debian's python3-zeroconf, run with /usr/bin/python3, never the pyenv python on
/// PATH) inside one namespace, bound to one interface address: our scripts in Scripts/ publish and
/// browse, and print JSON lines this reads. Every script is bounded by its own --seconds and by
/// `timeout`; Dispose stops the ones still running.
/// </summary>
internal sealed class ZeroconfPython : IDisposable
{
    /// <summary>The interpreter that has python3-zeroconf installed.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly TimeSpan s_slack = TimeSpan.FromSeconds(10);

    private readonly List<ZeroconfProcess> _processes = [];

    public ZeroconfPython(string ns, string interfaceAddress)
    {
        Namespace = ns;
        InterfaceAddress = interfaceAddress;
    }

    public string Namespace { get; }

    public string InterfaceAddress { get; }

    /// <summary>Why the scripts cannot run here (no interpreter, no zeroconf module), or null.</summary>
    public static string? WhyUnavailable()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing";
        }

        var result = ExternalTool.Run(Python, ["-c", "import zeroconf"], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? null : $"{Python} cannot import zeroconf (apt-get install python3-zeroconf): {result.Error.Trim()}";
    }

    /// <summary>Publishes a service; it stays until the handle is stopped or <paramref name="lifetime"/> ends.</summary>
    public ZeroconfProcess Publish(string name, string type, int port, string host, TimeSpan lifetime, params string[] txt)
    {
        List<string> arguments =
        [
            "--interface-ip", InterfaceAddress, "--name", name, "--type", type,
            "--port", port.ToString(CultureInfo.InvariantCulture), "--host", host, "--seconds", Seconds(lifetime),
        ];
        foreach (var t in txt)
        {
            arguments.AddRange(["--txt", t]);
        }

        return Run("zeroconf_publish.py", lifetime, arguments);
    }

    /// <summary>Browses (and resolves) a service type until the handle is stopped or <paramref name="lifetime"/> ends.</summary>
    public ZeroconfProcess Browse(string type, TimeSpan lifetime) =>
        Run("zeroconf_browse.py", lifetime, ["--interface-ip", InterfaceAddress, "--type", type, "--seconds", Seconds(lifetime)]);

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }

    private ZeroconfProcess Run(string script, TimeSpan lifetime, List<string> arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scripts", script);
        // `timeout` is the backstop for a script that hangs past its own --seconds.
        var process = new ZeroconfProcess(NamespaceProcess.Start(Namespace, lifetime + s_slack, null, Python, ["-u", path, .. arguments]));
        _processes.Add(process);
        return process;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
