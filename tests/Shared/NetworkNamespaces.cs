using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Peerlink.TestSupport;

/// <summary>
/// Two network namespaces made for one test, joined by a veth pair ("A" 10.201.N.1 and "B" 10.201.N.2,
/// both with MULTICAST on, lo up), deleted on dispose. Namespace A also has a veth pair of its own (decoy0, decoy0p) holding
/// its default route and the 224.0.0.0/4 route, standing in for the host's eth0: multicast that is
/// not pinned to the veth would go there, so a packet that arrives in B proves the pinning. Names carry
/// the process id and a counter, so parallel runs do not collide; every command is time-bounded.
/// Long-running programs inside a namespace go through <see cref="NamespaceProcess"/>.
/// </summary>
internal sealed partial class NetworkNamespaces : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int s_counter;

    private NetworkNamespaces(int n)
    {
        var tag = $"{Environment.ProcessId % 100_000}x{n}";
        NamespaceA = $"plk{tag}a";
        NamespaceB = $"plk{tag}b";
        VethA = $"pv{tag}a";
        VethB = $"pv{tag}b";
        Subnet = $"10.201.{n % 250}";
    }

    public string NamespaceA { get; }

    public string NamespaceB { get; }

    public string VethA { get; }

    public string VethB { get; }

    /// <summary>The interface in A that holds the default route (not pinned: where multicast would leak).</summary>
    public const string DefaultRouteInterface = "decoy0";

    /// <summary>An interface in A (one end of a pair inside A) that has no IPv4 address.</summary>
    public const string NoIPv4Interface = "bare0";

    public string AddressA => Subnet + ".1";

    public string AddressB => Subnet + ".2";

    private string Subnet { get; }

    /// <summary>Why namespaces cannot be made here, or null when they can.</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux only";
        }

        if (geteuid() != 0)
        {
            return "creating network namespaces needs root";
        }

        try
        {
            var (code, _, error) = Run(TimeSpan.FromSeconds(10), "ip", "netns", "list");
            return code == 0 ? null : $"`ip netns list` failed: {error}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"`ip` (iproute2) is not available: {e.Message}";
        }
    }

    public static NetworkNamespaces Create()
    {
        var ns = new NetworkNamespaces(Interlocked.Increment(ref s_counter) + (Environment.ProcessId % 50 * 5));
        try
        {
            string a = ns.NamespaceA, b = ns.NamespaceB;
            Ip("netns", "add", a);
            Ip("netns", "add", b);
            Ip("link", "add", ns.VethA, "type", "veth", "peer", "name", ns.VethB);
            Ip("link", "set", ns.VethA, "netns", a);
            Ip("link", "set", ns.VethB, "netns", b);
            Ip("-n", a, "addr", "add", ns.AddressA + "/24", "dev", ns.VethA);
            Ip("-n", b, "addr", "add", ns.AddressB + "/24", "dev", ns.VethB);
            Ip("-n", a, "link", "set", ns.VethA, "up", "multicast", "on");
            Ip("-n", b, "link", "set", ns.VethB, "up", "multicast", "on");
            Ip("-n", a, "link", "set", "lo", "up");
            Ip("-n", b, "link", "set", "lo", "up");
            Ip("-n", b, "route", "add", "224.0.0.0/4", "dev", ns.VethB);
            Ip("-n", a, "link", "add", DefaultRouteInterface, "type", "veth", "peer", "name", DefaultRouteInterface + "p");
            Ip("-n", a, "link", "set", DefaultRouteInterface + "p", "up");
            Ip("-n", a, "addr", "add", "10.202.0.1/24", "dev", DefaultRouteInterface);
            Ip("-n", a, "link", "set", DefaultRouteInterface, "up", "multicast", "on");
            Ip("-n", a, "route", "add", "default", "dev", DefaultRouteInterface);
            Ip("-n", a, "route", "add", "224.0.0.0/4", "dev", DefaultRouteInterface);
            Ip("-n", a, "link", "add", NoIPv4Interface, "type", "veth", "peer", "name", NoIPv4Interface + "p");
            Ip("-n", a, "link", "set", NoIPv4Interface, "up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a new thread that has entered <paramref name="ns"/>'s network
    /// namespace (setns is per thread for network namespaces). Sockets it creates live in that namespace
    /// for good, whichever thread uses them later; the thread ends with the work, so no pool thread
    /// is ever left inside the namespace.
    /// </summary>
    public static T RunIn<T>(string ns, Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{ns}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {ns} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"work in namespace {ns} did not finish in 30 s");
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"work in namespace {ns} failed: {failure.Message}", failure);
        }

        return result;
    }

    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>): exit code, stdout, stderr.</summary>
    public static (int Code, string Output, string Error) Run(TimeSpan timeout, string program, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(program, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, output.Result, $"timed out after {timeout}: {error.Result}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    public static ProcessStartInfo StartInfo(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>Deletes both namespaces (which deletes every veth pair with them).</summary>
    public void Dispose()
    {
        Run(TimeSpan.FromSeconds(10), "ip", "netns", "delete", NamespaceA);
        Run(TimeSpan.FromSeconds(10), "ip", "netns", "delete", NamespaceB);
    }

    private static void Ip(params string[] arguments)
    {
        var (code, _, error) = Run(TimeSpan.FromSeconds(10), "ip", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {error}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
