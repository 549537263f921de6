using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.Z2zBench;

/// <summary>The real peerlink command (peerlink.dll beside the bench, run by this dotnet) inside a namespace.</summary>
internal static class PeerlinkCli
{
    /// <summary>Starts <c>peerlink ARGS</c> in <paramref name="ns"/>; `timeout` ends it after <paramref name="lifetime"/> at the latest.</summary>
    public static NamespaceProcess Start(string ns, TimeSpan lifetime, params string[] arguments) =>
        NamespaceProcess.Start(ns, lifetime, null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);

    /// <summary>Runs <c>peerlink ARGS</c> in <paramref name="ns"/> to its end (killed after <paramref name="timeout"/>).</summary>
    public static (int Code, string Output, string Error) Run(string ns, TimeSpan timeout, params string[] arguments) =>
        NetworkNamespaces.Run(timeout, "ip", ["netns", "exec", ns, PeerlinkDnssd.DotNet, PeerlinkDnssd.Dll, .. arguments]);

    /// <summary>
    /// The pid of the dotnet that runs a <see cref="NamespaceProcess"/>: the child of its `timeout` wrapper
    /// (`ip netns exec` execs the program, so it keeps the pid of the child).
    /// </summary>
    public static int? ProgramPid(NamespaceProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            var children = File.ReadAllText($"/proc/{process.Id}/task/{process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return children.Length > 0 ? int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
