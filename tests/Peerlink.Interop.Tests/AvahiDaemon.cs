using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// One avahi-daemon inside a test's network namespace, answering on one interface only, and cut off
/// from any other Avahi on the machine:
/// <list type="bullet">
/// <item>its own dbus-daemon (a system-type bus on a socket in a temp folder), because only one daemon
/// can own org.freedesktop.Avahi on a bus and the avahi-* clients find their daemon through the bus;
/// libdbus honours DBUS_SYSTEM_BUS_ADDRESS for the daemon and the clients alike (checked by hand:
/// with no system bus at /run/dbus the daemon registered and avahi-browse talked to it);</item>
/// <item>its own /run: a tmpfs mounted in the private mount namespace `ip netns exec` makes, because
/// /run/avahi-daemon/pid would otherwise be shared (a second daemon refuses to start) and creating
/// /run/avahi-daemon on the host would leave a folder behind.</item>
/// </list>
/// Dispose stops the clients it started, then the daemon, then the bus, and deletes the folder.
/// </summary>
internal sealed class AvahiDaemon : IDisposable
{
    /// <summary>The programs this needs, for the skip check.</summary>
    public static readonly string[] Tools = ["avahi-daemon", "avahi-browse", "avahi-publish", "avahi-resolve", "dbus-daemon", "timeout"];

    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan s_startup = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo _directory;
    private readonly List<IDisposable> _clients = [];
    private NamespaceProcess? _bus;
    private NamespaceProcess? _daemon;

    private AvahiDaemon(string ns, string interfaceName, string hostName)
    {
        Namespace = ns;
        Interface = interfaceName;
        HostName = hostName;
        _directory = Directory.CreateTempSubdirectory("peerlink-avahi-");
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={Path.Combine(_directory.FullName, "bus")}",
        };
    }

    public string Namespace { get; }

    public string Interface { get; }

    /// <summary>The host name without ".local".</summary>
    public string HostName { get; }

    /// <summary>What a client needs in its environment to reach this daemon's bus.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The daemon's log (it logs to stderr when it runs in the foreground).</summary>
    public string Log => _daemon?.Transcript() ?? string.Empty;

    /// <summary>Starts the bus and the daemon, and waits (bounded) until the daemon says it is up.</summary>
    public static AvahiDaemon Start(string ns, string interfaceName, string hostName)
    {
        var avahi = new AvahiDaemon(ns, interfaceName, hostName);
        try
        {
            avahi.Launch();
            return avahi;
        }
        catch
        {
            avahi.Dispose();
            throw;
        }
    }

    /// <summary>`avahi-browse -rpkt TYPE`: the instances cached or found until avahi says "all for now", resolved.</summary>
    public List<AvahiBrowseLine> Browse(string type, TimeSpan timeout)
    {
        var result = RunClient(timeout, "avahi-browse", "-rpkt", type);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"avahi-browse failed ({result.ExitCode}): {result.Error}");
        }

        return [.. result.Out.Split('\n').Select(l => AvahiBrowseLine.Parse(l)).OfType<AvahiBrowseLine>()];
    }

    /// <summary>A live `avahi-browse -rpk TYPE`, stopped at the latest when this daemon is disposed.</summary>
    public AvahiBrowser StartBrowse(string type) => Track(new AvahiBrowser(StartClient("avahi-browse", "-rpk", type)));

    /// <summary>`avahi-publish -s NAME TYPE PORT TXT...`, withdrawn when the handle (or this daemon) is disposed.</summary>
    public AvahiPublication Publish(string name, string type, int port, params string[] txt) =>
        Track(new AvahiPublication(StartClient("avahi-publish", ["-s", name, type, port.ToString(CultureInfo.InvariantCulture), .. txt])));

    /// <summary>`avahi-resolve -n NAME`: the IPv4 address the name resolves to, or null.</summary>
    public string? ResolveHostName(string name, TimeSpan timeout)
    {
        var result = RunClient(timeout, "avahi-resolve", "-4", "-n", name);
        var cells = result.Out.Split('\t', StringSplitOptions.TrimEntries);
        return result.ExitCode == 0 && cells.Length == 2 ? cells[1] : null;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _daemon?.Dispose();
        _bus?.Dispose();
        _directory.Delete(recursive: true);
    }

    private void Launch()
    {
        var busConfig = Path.Combine(_directory.FullName, "bus.conf");
        File.WriteAllText(busConfig, BusConfig(Path.Combine(_directory.FullName, "bus")));
        var avahiConfig = Path.Combine(_directory.FullName, "avahi-daemon.conf");
        File.WriteAllText(avahiConfig, DaemonConfig());

        // --nofork, never --fork: a forked bus would escape `timeout` and outlive the test.
        _bus = NamespaceProcess.Start(Namespace, s_lifetime, null, "dbus-daemon", $"--config-file={busConfig}", "--nofork", "--print-address");
        _bus.WaitForLine(l => l.StartsWith("unix:path=", StringComparison.Ordinal), s_startup);

        var script = $"mount -t tmpfs -o mode=0755 tmpfs /run && mkdir /run/avahi-daemon && exec avahi-daemon -f '{avahiConfig}' --no-drop-root --no-chroot --no-rlimits";
        _daemon = NamespaceProcess.Start(Namespace, s_lifetime, Environment, "sh", "-c", script);
        _daemon.WaitForLine(l => l.Contains("Server startup complete", StringComparison.Ordinal), s_startup, onErrors: true);
    }

    private NamespaceProcess StartClient(string program, params string[] arguments) =>
        NamespaceProcess.Start(Namespace, s_lifetime, Environment, program, arguments);

    private ToolResult RunClient(TimeSpan timeout, string program, params string[] arguments) =>
        ExternalTool.Run("ip", ["netns", "exec", Namespace, program, .. arguments], timeout, Environment);

    private T Track<T>(T client)
        where T : IDisposable
    {
        _clients.Add(client);
        return client;
    }

    /// <summary>A system-type bus on a private socket that lets every local (root) client do anything.</summary>
    private static string BusConfig(string socket) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>unix:path={socket}</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*" eavesdrop="true"/>
            <allow receive_sender="*"/>
          </policy>
        </busconfig>
        """;

    /// <summary>
    /// IPv4 on one interface; no wide-area DNS, no HINFO or workstation service and no AAAA records
    /// (use-ipv6=no alone still publishes link-local AAAA over IPv4), so the wire holds only what a
    /// test publishes and the host's A record. The high rate-limit burst keeps fast tests from being throttled.
    /// </summary>
    private string DaemonConfig() => $"""
        [server]
        host-name={HostName}
        use-ipv4=yes
        use-ipv6=no
        allow-interfaces={Interface}
        enable-dbus=yes
        ratelimit-interval-usec=1000000
        ratelimit-burst=1000

        [wide-area]
        enable-wide-area=no

        [publish]
        publish-hinfo=no
        publish-workstation=no
        publish-aaaa-on-ipv4=no

        """;
}
