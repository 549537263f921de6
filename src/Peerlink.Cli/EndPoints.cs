using System.Net;

namespace Peerlink.Cli;

/// <summary>Reading addresses from the command line, with the one-line errors the verbs print.</summary>
internal static class EndPoints
{
    /// <summary>An address to listen on: <paramref name="address"/> and <paramref name="port"/> (0: any free port).</summary>
    public static bool TryListen(string address, int port, CliIo io, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (!IPAddress.TryParse(address, out var ip) || port is < 0 or > 65535)
        {
            io.Fail($"not an address and port: {address}:{port}");
            return false;
        }

        endPoint = new IPEndPoint(ip, port);
        return true;
    }

    /// <summary>HOST:PORT of something to talk to; null text gives a null end point.</summary>
    public static bool TryParse(string? text, CliIo io, string option, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (text is null)
        {
            return true;
        }

        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0)
        {
            endPoint = parsed;
            return true;
        }

        io.Fail($"{option} {text}: expected HOST:PORT, e.g. 127.0.0.1:7080");
        return false;
    }

    /// <summary>Waits until <paramref name="ct"/> is cancelled (Ctrl-C), and returns normally then.</summary>
    public static async Task UntilCancelledAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C
        }
    }
}
