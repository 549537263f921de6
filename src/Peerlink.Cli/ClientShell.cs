using Peerlink.Overlay.Engine;

namespace Peerlink.Cli;

/// <summary>
/// The long-running client's commands, one a line on standard input: <c>put KEY VALUE</c>,
/// <c>get KEY</c>, <c>remove KEY</c>, <c>lookup-peer ID</c>, <c>quit</c>. Every request goes to the
/// attached peer, which routes it (§3.2). One identity for the whole run, so <c>remove</c> works on
/// what this client put (§7.2.2: only the owner removes).
/// </summary>
internal static class ClientShell
{
    public const string Usage = "put KEY VALUE | get KEY | remove KEY | lookup-peer ID | quit";

    private const uint Ttl = 3600;

    /// <summary>Runs commands until <c>quit</c> (true) or the end of input (false: the client stays up until Ctrl-C).</summary>
    public static async Task<bool> RunAsync(TextReader input, LiveClient client, NodeLog log, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // Console.In reads block whatever the token says: read on the pool and stop waiting on
            // Ctrl-C (the abandoned read ends with the process).
            var line = await Task.Run(input.ReadLine, CancellationToken.None).WaitAsync(ct).ConfigureAwait(false);
            if (line is null)
            {
                return false;
            }

            var words = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0)
            {
                continue;
            }

            if (words[0] is "quit" or "exit")
            {
                return true;
            }

            await RunOneAsync(words, client, log, ct).ConfigureAwait(false);
        }

        return false;
    }

    private static async Task RunOneAsync(string[] words, LiveClient client, NodeLog log, CancellationToken ct)
    {
        var (node, overlay) = (client.Node, client.Overlay);
        Action<TimeSpan, Action<OverlayResult>>? start = null;
        Action<OverlayResult>? print = null;
        switch (words)
        {
            case ["put", var key, var value]:
                start = (now, done) => ClientRequests.Put(node, now, overlay, key, value, Ttl, RoutingMode.Recursive, done);
                print = r => log.Plain($"stored {key} for {Ttl} s ({r.Hops} hops)");
                break;
            case ["get", var key]:
                start = (now, done) => ClientRequests.Get(node, now, overlay, key, RoutingMode.Recursive, done);
                print = r => ClientRequests.Values(r).ToList().ForEach(log.Plain);
                break;
            case ["remove", var key]:
                start = (now, done) => ClientRequests.Remove(node, now, overlay, key, RoutingMode.Recursive, done);
                print = _ => log.Plain($"removed {key}");
                break;
            case ["lookup-peer", var hex]:
                if (ClientRequests.ParsePeerId(hex, overlay, out var error) is not { } target)
                {
                    log.Plain(error!);
                    return;
                }

                start = (now, done) => ClientRequests.LookupPeer(node, now, target, RoutingMode.Recursive, done);
                print = r => ClientRequests.Peers(r).ToList().ForEach(log.Plain);
                break;
            default:
                log.Plain($"not a command: {string.Join(' ', words)}; commands: {Usage}");
                return;
        }

        OverlayResult result;
        try
        {
            result = await ClientRequests.InvokeAsync(client.Host, start, client.Peer, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            log.Plain(e.Message);
            return;
        }

        if (result.Succeeded)
        {
            print(result);
        }
        else
        {
            log.Plain(ClientRequests.Failure(result));
        }
    }
}
