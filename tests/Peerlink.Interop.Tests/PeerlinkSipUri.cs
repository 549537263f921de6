using System.Text.Json;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// The real <c>peerlink sip advertise</c> or <c>peerlink sip discover</c> (the build's peerlink.dll) inside a
/// network namespace, with <c>--json</c> so its lines can be read back.
/// </summary>
internal sealed class PeerlinkSipUri : IDisposable
{
    private PeerlinkSipUri(NamespaceProcess process) => Process = process;

    public NamespaceProcess Process { get; }

    /// <summary>Starts <c>peerlink sip ARGS --json</c> in <paramref name="ns"/>, ended after <paramref name="lifetime"/> at the latest.</summary>
    public static PeerlinkSipUri Start(string ns, TimeSpan lifetime, params string[] arguments) =>
        new(NamespaceProcess.Start(ns, lifetime, null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, "sip", .. arguments, "--json"]));

    /// <summary>Runs <c>peerlink sip discover</c> to its end (bounded) and returns the line of each instance it listed.</summary>
    public static IReadOnlyList<JsonElement> Discover(string ns, string interfaceName, double seconds)
    {
        using var discover = Start(ns, TimeSpan.FromSeconds(seconds + 20), "discover", "--interface", interfaceName, "--timeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(discover.Process.WaitForExit(TimeSpan.FromSeconds(seconds + 15)), discover.Process.Transcript());
        Assert.True(discover.Process.ExitCode == 0, discover.Process.Transcript());
        return discover.Events;
    }

    /// <summary>Waits for a JSON line whose "event" is <paramref name="kind"/> and whose "name" is <paramref name="name"/> (any name when null).</summary>
    public JsonElement WaitFor(string kind, string? name, TimeSpan timeout)
    {
        var line = Process.WaitForLine(l => Parse(l) is { } e && Is(e, "event", kind) && (name is null || Is(e, "name", name)), timeout);
        return Parse(line.Text)!.Value;
    }

    /// <summary>The JSON lines printed so far.</summary>
    public IReadOnlyList<JsonElement> Events => [.. Process.Output.Select(l => Parse(l.Text)).OfType<JsonElement>()];

    /// <summary>Ctrl-C (SIGINT), as a user stops it.</summary>
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
