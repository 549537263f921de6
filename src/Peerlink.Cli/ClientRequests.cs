using System.Text;
using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// The requests a client makes (§4.8: Publish, LookupObject, RemoveObject, LookupPeer) and how their
/// results read, shared by the one-shot verbs (<c>put</c>, <c>get</c>, ...) and the long-running client.
/// Each start method runs on the client's engine loop.
/// </summary>
internal static class ClientRequests
{
    public static void Put(OverlayNode node, TimeSpan now, P2pOptions overlay, string key, string value, uint ttl, RoutingMode mode, Action<OverlayResult> done) =>
        node.Publish(now, new ResourceObject(ContentType.UserInfo, 0, LiveNodes.KeyId(overlay, key), Bytes.FromUtf8(value)) { Expires = ttl }, mode, done);

    public static void Get(OverlayNode node, TimeSpan now, P2pOptions overlay, string key, RoutingMode mode, Action<OverlayResult> done) =>
        node.LookupObject(now, new RLookup(ContentType.UserInfo, 0, LiveNodes.KeyId(overlay, key)), mode, done);

    public static void Remove(OverlayNode node, TimeSpan now, P2pOptions overlay, string key, RoutingMode mode, Action<OverlayResult> done) =>
        node.RemoveObject(now, new ResourceObject(ContentType.UserInfo, 0, LiveNodes.KeyId(overlay, key), Bytes.Empty), mode, done);

    public static void LookupPeer(OverlayNode node, TimeSpan now, NodeId target, RoutingMode mode, Action<OverlayResult> done) =>
        node.LookupPeer(now, new PLookup(3, PeerLookupMode.Closest, target), mode, done);

    /// <summary>
    /// Runs one request on the client's loop. Over TCP a peer that is not listening is known at once
    /// (the connection is refused), so the request fails then instead of after its timeouts (§6.3,
    /// about a minute and a half for three recursive attempts).
    /// </summary>
    /// <exception cref="InvalidOperationException">The peer refused the connection.</exception>
    public static async Task<OverlayResult> InvokeAsync(EngineHost host, Action<TimeSpan, Action<OverlayResult>> start, NodeAddress peer, CancellationToken ct)
    {
        var refused = host.Transport.Counters.ConnectFailures;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var operation = host.InvokeOperationAsync(start, stop.Token);
        if (host.Transport is not TcpTransport)
        {
            return await operation.ConfigureAwait(false);
        }

        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!operation.IsCompleted)
        {
            await Task.WhenAny(operation, tick.WaitForNextTickAsync(ct).AsTask()).ConfigureAwait(false);
            if (!operation.IsCompleted && host.Transport.Counters.ConnectFailures > refused)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"cannot connect to the peer at {peer} over tcp (is it running, with --transport tcp?)");
            }
        }

        return await operation.ConfigureAwait(false);
    }

    /// <summary>A peer ID in hex, of the overlay's length; null and a reason when it is not one.</summary>
    public static NodeId? ParsePeerId(string text, P2pOptions overlay, out string? error)
    {
        error = null;
        try
        {
            var id = NodeId.Parse(text);
            if (id.Length == overlay.HashLength)
            {
                return id;
            }

            error = $"ID {text} is {id.Length} bytes; this overlay's IDs are {overlay.HashLength} ({overlay.HashLength * 2} hex digits)";
        }
        catch (FormatException e)
        {
            error = $"ID: {e.Message}";
        }

        return null;
    }

    /// <summary>The values found, one a line (UTF-8).</summary>
    public static IEnumerable<string> Values(OverlayResult result) => result.Objects.Select(o => Encoding.UTF8.GetString(o.Value.Span));

    /// <summary>The peers found (the responder's own Peer-Info first is skipped): "ID ADDRESS".</summary>
    public static IEnumerable<string> Peers(OverlayResult result) =>
        result.Peers.Skip(1).Select(p => $"{p.PeerId} {p.Address?.Candidates[0].EndPoint}");

    /// <summary>Why a request failed, in one line, with the usual cause of a timeout.</summary>
    public static string Failure(OverlayResult result) => result.Code switch
    {
        ResponseCode.NotFound => "not found",
        ResponseCode.Timeout => $"failed: {result.Failure} (no answer: is the peer up, and are --transport and --hash the overlay's?)",
        _ => $"failed: {result.Failure}",
    };
}
