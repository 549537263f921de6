using System.CommandLine;
using System.Text.Json;
using Peerlink.Sip.Location;

namespace Peerlink.Cli.Sip;

/// <summary>
/// <c>peerlink sip lookup SIP-AOR --via HOST:PORT [--json]</c>: prints the AOR's live contacts, one a line;
/// exit 1 when it is not registered.
/// </summary>
internal static class LookupCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var options = new LocationOptions();
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object: the contacts, and how many values were dropped (expired, undecodable, another AOR's)." };
        var command = new CommandWithExamples(
            "lookup",
            "Find where a SIP address-of-record is registered in the overlay: every live contact, freshest first, one\n" +
            "a line (contact, expires in, registered by node ID). Exit 1 when it is not registered. An AOR that only\n" +
            "forwards to another AOR is followed once.",
            "peerlink sip lookup sip:bob@example.com --via 127.0.0.1:7082",
            "peerlink sip lookup sip:bob@example.com --via 127.0.0.1:7082 --json");
        options.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            if (!options.TryRead(parse, io, out var aor, out var via))
            {
                return 2;
            }

            var overlay = LiveNodes.Overlay(options.Hash.Get(parse));
            var (host, node) = await LiveNodes.StartClientAsync(via, ct, overlay, options.Transport.Get(parse)).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var location = new LocationClient(new LiveClient(host, node, overlay, Core.NodeAddress.FromEndPoint(via)), TimeProvider.System);
                SipLookupResult result;
                try
                {
                    result = await location.LookupAsync(aor, ct).ConfigureAwait(false);
                }
                catch (LocationException e)
                {
                    return io.Fail(e.Message);
                }

                if (parse.GetValue(json))
                {
                    io.Out.WriteLine(Json(result));
                }
                else
                {
                    if (result.ForwardedFrom is { } from)
                    {
                        io.Error.WriteLine($"peerlink: {from} forwards to {result.Aor}");
                    }

                    foreach (var c in result.Contacts)
                    {
                        var name = c.Registration.DisplayName is { } n ? $" \"{n}\"" : string.Empty;
                        io.Out.WriteLine($"{c.Registration.Contact}{name} expires in {Math.Ceiling(c.ExpiresIn.TotalSeconds):0} s, registered by {c.RegisteredBy}");
                    }

                    var dropped = result.Expired + result.Undecodable + result.OtherAor;
                    if (dropped > 0)
                    {
                        io.Error.WriteLine($"peerlink: {dropped} value(s) dropped: {result.Expired} expired, {result.Undecodable} undecodable, {result.OtherAor} of another AOR");
                    }
                }

                return result.IsRegistered ? 0 : io.Fail($"{result.ForwardedFrom ?? aor} is not registered in the overlay");
            }
        });
        return command;
    }

    private static string Json(SipLookupResult result) => JsonSerializer.Serialize(new
    {
        aor = (result.ForwardedFrom ?? result.Aor).ToString(),
        forwardedTo = result.ForwardedFrom is null ? null : result.Aor.ToString(),
        registered = result.IsRegistered,
        contacts = result.Contacts.Select(c => new
        {
            contact = c.Registration.Contact.ToString(),
            displayName = c.Registration.DisplayName,
            expiresIn = Math.Ceiling(c.ExpiresIn.TotalSeconds),
            registeredBy = c.RegisteredBy,
            registeredAt = c.Registration.RegisteredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            lifetime = c.Registration.Lifetime,
            candidates = c.Registration.Candidates.Select(x => x.ToString()),
        }),
        dropped = new { expired = result.Expired, undecodable = result.Undecodable, otherAor = result.OtherAor, duplicates = result.Duplicates },
    });
}
