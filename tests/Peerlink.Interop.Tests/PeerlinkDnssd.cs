using System.Text.Json;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// The real <c>peerlink dnssd</c> command, or another verb that prints JSON lines (the build's peerlink.dll,
/// run by this test host's dotnet), started inside a network namespace, with <c>--json</c> so its lines can be read back.
/// </summary>
internal sealed class PeerlinkDnssd : IDisposable
{
    private PeerlinkDnssd(NamespaceProcess process) => Process = process;

    public NamespaceProcess Process { get; }

    /// <summary>peerlink.dll beside the test binaries (the interop project references the CLI).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "peerlink.dll");

    /// <summary>The dotnet that runs these tests (it runs peerlink.dll too).</summary>
    public static string DotNet => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    /// <summary>Starts <c>peerlink dnssd ARGS --json</c> in <paramref name="ns"/>, ended after <paramref name="lifetime"/> at the latest.</summary>
    public static PeerlinkDnssd Start(string ns, TimeSpan lifetime, params string[] arguments) => StartVerb(ns, lifetime, ["dnssd", .. arguments]);

    /// <summary>Starts <c>peerlink VERB... ARGS --json</c> (any verb with JSON lines, e.g. <c>sip advertise</c>) in <paramref name="ns"/>.</summary>
    public static PeerlinkDnssd StartVerb(string ns, TimeSpan lifetime, string[] verbAndArguments) =>
        new(NamespaceProcess.Start(ns, lifetime, null, DotNet, [Dll, .. verbAndArguments, "--json"]));

    /// <summary>Waits for a JSON line whose "event" is <paramref name="kind"/> and whose "name" is <paramref name="name"/> (any name when null).</summary>
    public JsonElement WaitFor(string kind, string? name, TimeSpan timeout)
    {
        var line = Process.WaitForLine(l => Parse(l) is { } e && Is(e, "event", kind) && (name is null || Is(e, "name", name)), timeout);
        return Parse(line.Text)!.Value;
    }

    /// <summary>The JSON lines printed so far.</summary>
    public IReadOnlyList<JsonElement> Events => [.. Process.Output.Select(l => Parse(l.Text)).OfType<JsonElement>()];

    /// <summary>Ctrl-C (SIGINT), as a user stops it; returns when it was sent.</summary>
    public long Interrupt() => Process.Stop(NamespaceProcess.SigInt);

    public void Dispose() => Process.Dispose();

    private static bool Is(JsonElement e, string property, string value) =>
        e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() == value;

    private static JsonElement? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
