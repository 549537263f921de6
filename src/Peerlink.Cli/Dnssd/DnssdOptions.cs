using System.CommandLine;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Peerlink.Hosting;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Cli.Dnssd;

/// <summary>The options every <c>dnssd</c> verb shares, and the checks of what they name.</summary>
internal static class DnssdOptions
{
    public static Option<string?> Interface() => new("--interface", "-i")
    {
        Description = "The network interface mDNS runs on (e.g. eth1, lo). Required: an mDNS socket is pinned to one interface.",
    };

    public static Option<bool> Json() => new("--json") { Description = "One JSON object a line, for scripts." };

    public static Option<double?> Timeout(string description) => new("--timeout") { Description = description };

    /// <summary>The transport options for <paramref name="name"/>, or a failure that lists the interfaces with IPv4.</summary>
    public static bool TryInterface(string? name, CliIo io, out MdnsTransportOptions options)
    {
        options = new MdnsTransportOptions();
        if (string.IsNullOrWhiteSpace(name))
        {
            io.Fail($"--interface is required: name the link mDNS runs on (multicast must not follow the default route). Interfaces here with IPv4: {Ipv4Interfaces()}.");
            return false;
        }

        options = new MdnsTransportOptions { InterfaceName = name };
        return true;
    }

    /// <summary>"_ipp._tcp" → "_ipp._tcp.local"; a name already ending in "local" is kept. Subtypes ("_color._sub._ipp._tcp") pass.</summary>
    public static bool TryServiceType(string text, CliIo io, out DnsName typeName)
    {
        typeName = DnsName.Root;
        if (!DnsName.TryParse(text.TrimEnd('.'), out var parsed) || parsed.LabelCount < 2)
        {
            io.Fail($"\"{text}\" is not a service type: write it as _SERVICE._tcp or _SERVICE._udp (RFC 6763 §7), e.g. _ipp._tcp");
            return false;
        }

        var labels = parsed.Labels;
        var local = labels[^1].Equals("local", StringComparison.OrdinalIgnoreCase);
        var protocol = labels[local ? ^2 : ^1];
        if (!protocol.Equals("_tcp", StringComparison.OrdinalIgnoreCase) && !protocol.Equals("_udp", StringComparison.OrdinalIgnoreCase))
        {
            io.Fail($"\"{text}\" is not a service type: it must end in _tcp or _udp (RFC 6763 §7), e.g. _ipp._tcp");
            return false;
        }

        typeName = local ? parsed : DnsName.FromLabels([.. labels, "local"]);
        return true;
    }

    /// <summary>The seconds of a --timeout, or a failure for a value that is not positive.</summary>
    public static bool TryTimeout(double? seconds, CliIo io, out TimeSpan? timeout)
    {
        timeout = null;
        if (seconds is null)
        {
            return true;
        }

        if (!(seconds > 0) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            io.Fail($"--timeout {seconds}: give a number of seconds above 0, e.g. --timeout 3");
            return false;
        }

        timeout = TimeSpan.FromSeconds(seconds.Value);
        return true;
    }

    /// <summary>A token that is cancelled by <paramref name="ct"/> (Ctrl-C) or after <paramref name="timeout"/>.</summary>
    public static CancellationTokenSource Until(TimeSpan? timeout, CancellationToken ct)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } t)
        {
            source.CancelAfter(t);
        }

        return source;
    }

    /// <summary>Opens the pinned mDNS socket and its engines, or says on one line why it cannot.</summary>
    public static bool TryOpen(MdnsTransportOptions options, CliIo io, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MdnsHost? host)
    {
        host = null;
        try
        {
            host = new MdnsHost(options, new Random());
            return true;
        }
        catch (ArgumentException e)
        {
            io.Fail(Plain(e));
        }
        catch (SocketException e)
        {
            io.Fail($"cannot open the mDNS socket on {options.InterfaceName}: {e.Message}");
        }

        return false;
    }

    /// <summary>An argument error's message without the " (Parameter 'x')" .NET appends, which means nothing to a user.</summary>
    public static string Plain(ArgumentException e) =>
        e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", string.Empty, StringComparison.Ordinal) : e.Message;

    private static string Ipv4Interfaces()
    {
        var names = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.GetIPProperties().UnicastAddresses.Any(a => a.Address.AddressFamily == AddressFamily.InterNetwork))
            .Select(i => i.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
