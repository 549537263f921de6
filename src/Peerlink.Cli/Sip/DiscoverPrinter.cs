using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Peerlink.Sip.Discovery;

namespace Peerlink.Cli.Sip;

/// <summary>
/// What <c>peerlink sip discover</c> prints for each instance: a block of lines for a person, or with
/// --json one object a line. An instance that cannot be called is listed too, with the reason.
/// </summary>
internal sealed class DiscoverPrinter(TextWriter output, bool json)
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Print(DiscoveredSipUri found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var type = SipUriServiceType.Of(found.Transport);
        if (found.Target is not { } t)
        {
            Write(json
                ? JsonSerializer.Serialize(new Dictionary<string, object?> { ["instance"] = found.InstanceLabel, ["type"] = type, ["refused"] = found.Problem }, Options)
                : $"\"{found.InstanceLabel}\" ({type}): cannot be called: {found.Problem}");
            return;
        }

        if (json)
        {
            Write(JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    ["instance"] = found.InstanceLabel,
                    ["type"] = type,
                    ["uri"] = t.Instance.Uri.ToString(),
                    ["description"] = t.Instance.Description,
                    ["conflict"] = t.Instance.ConflictNumber,
                    ["name"] = t.Txt.Name,
                    ["contact"] = t.Txt.Contact?.Uri,
                    ["to"] = t.To.ToString(),
                    ["requestUri"] = t.RequestUri.ToString(),
                    ["destination"] = t.Destination,
                    ["host"] = t.DestinationHost,
                    ["port"] = t.DestinationPort,
                    ["addresses"] = t.Addresses.Select(a => a.ToString()).ToArray(),
                    ["transport"] = t.Transport,
                    ["source"] = t.Source == SipUriDestinationSource.Contact ? "contact" : "srv",
                },
                Options));
            return;
        }

        var text = new StringBuilder();
        text.Append(t.Instance.Uri);
        if (t.Txt.Name is { } name)
        {
            text.Append($"  \"{name}\"");
        }

        if (t.Instance.Description is { } description)
        {
            text.Append($"  {description}");
        }

        if (t.Instance.ConflictNumber is { } n)
        {
            text.Append($"  (instance {n} of this name)");
        }

        text.AppendLine($"  [{type}, advertised on the link, not authenticated]");
        text.AppendLine($"    contact      {t.Txt.Contact?.Uri ?? "(none)"}");
        text.AppendLine($"    To           {t.To}");
        text.AppendLine($"    Request-URI  {t.RequestUri}");
        text.Append($"    destination  {t.Destination} {t.Transport} [{string.Join(", ", t.Addresses)}] (from the {(t.Source == SipUriDestinationSource.Contact ? "contact" : "SRV record")})");
        Write(text.ToString());
    }

    private void Write(string text)
    {
        output.WriteLine(text);
        output.Flush();
    }
}
