using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Cli.Dnssd;

/// <summary>
/// What the <c>dnssd</c> verbs print: readable lines in the spirit of avahi-browse ("+" came,
/// "=" resolved, "-" went), or with --json one object a line. Written from the engine's loop and from
/// the command's thread, so writes are serialised; each line is flushed, for scripts that wait on it.
/// </summary>
internal sealed class DnssdPrinter(TextWriter output, bool json)
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();

    /// <summary>A line for a person; nothing with --json.</summary>
    public void Note(string text)
    {
        if (!json)
        {
            Write(text);
        }
    }

    /// <summary>A publication's state: probing, established, renamed, withdrawn.</summary>
    public void Published(string what, ServiceChange change, string text)
    {
        if (json)
        {
            Write(JsonSerializer.Serialize(
                new Dictionary<string, object?> { ["event"] = what, ["name"] = Instance(change.InstanceName), ["fullName"] = change.InstanceName.ToString() },
                Options));
        }
        else
        {
            Write(text);
        }
    }

    /// <summary>A browsed instance: "added", "resolved" (or updated) or "removed".</summary>
    public void Browsed(string what, BrowsedService service)
    {
        var name = service.Name;
        var type = name.Parent;
        if (json)
        {
            var fields = new Dictionary<string, object?>
            {
                ["event"] = what,
                ["name"] = Instance(name),
                ["type"] = Join(type, 0, type.LabelCount - 1),
                ["domain"] = type.Labels[^1],
            };
            if (what != "added" && what != "removed")
            {
                fields["host"] = service.HostName?.ToString();
                fields["addresses"] = service.Addresses.Select(a => a.ToString()).ToArray();
                fields["port"] = service.Port;
                fields["txt"] = Txt(service.Txt);
            }

            Write(JsonSerializer.Serialize(fields, Options));
            return;
        }

        var mark = what switch { "added" => '+', "removed" => '-', _ => '=' };
        var line = new StringBuilder($"{mark} \"{Instance(name)}\"  {type}");
        if (mark == '=')
        {
            line.Append($"  {service.HostName}  [{string.Join(", ", service.Addresses)}]  port {service.Port}");
            foreach (var t in Txt(service.Txt))
            {
                line.Append($"  \"{t}\"");
            }
        }

        Write(line.ToString());
    }

    /// <summary>A service type found or gone (RFC 6763 §9).</summary>
    public void ServiceType(bool added, DnsName type)
    {
        var text = Join(type, 0, type.LabelCount - 1);
        Write(json
            ? JsonSerializer.Serialize(new Dictionary<string, object?> { ["event"] = added ? "added" : "removed", ["type"] = text, ["domain"] = type.Labels[^1] }, Options)
            : $"{(added ? '+' : '-')} {type}");
    }

    /// <summary>A host name's addresses.</summary>
    public void Resolved(DnsName host, IEnumerable<System.Net.IPAddress> addresses)
    {
        var list = addresses.Select(a => a.ToString()).ToArray();
        Write(json
            ? JsonSerializer.Serialize(new Dictionary<string, object?> { ["host"] = host.ToString(), ["addresses"] = list }, Options)
            : $"{host}\t{string.Join(' ', list)}");
    }

    /// <summary>The instance label as it is (UTF-8, spaces, dots and parentheses unescaped).</summary>
    public static string Instance(DnsName name) => name.Labels[0];

    /// <summary>
    /// TXT strings as text, "key=value" or "key" (RFC 6763 §6.4); bytes that are not UTF-8 show as U+FFFD.
    /// The single empty string of a TXT without attributes (§6.1) is no attribute, so it is not shown.
    /// </summary>
    private static string[] Txt(TxtData? txt) =>
        txt is null ? [] : [.. txt.Strings.Where(s => s.Span.Length > 0).Select(s => Encoding.UTF8.GetString(s.Span))];

    private static string Join(DnsName name, int from, int to) =>
        string.Join('.', Enumerable.Range(from, to - from).Select(i => Encoding.UTF8.GetString(name.GetLabel(i))));

    private void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
