using System.Net;
using Peerlink.Core;
using Peerlink.Overlay.Bootstrap;

namespace Peerlink.Cli;

/// <summary>
/// Asks a bootstrap server (§4.6) for the overlay's P2P-Options, an ID and peers to join through,
/// from a socket of its own on the overlay's transport: the node's socket is not started yet, and
/// the server's answer must not reach the engine.
/// </summary>
internal static class BootstrapClient
{
    private const int Attempts = 5;

    /// <summary>Asks, resending with §6.2.1's doubling from 500 ms; fails after about 15 s without an answer.</summary>
    /// <param name="transport">The overlay's transport; the server must listen on the same.</param>
    /// <param name="server">The server.</param>
    /// <param name="self">Where the asking node will listen (the server remembers peers there).</param>
    /// <param name="asPeer">False for a client, which the server must not hand out to joiners.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <param name="wantedId">An ID to ask for; the server may assign another.</param>
    /// <exception cref="InvalidOperationException">No answer, or no connection.</exception>
    public static async Task<BootstrapAnswer> AskAsync(TransportKind transport, IPEndPoint server, NodeAddress self, bool asPeer, CancellationToken ct, NodeId? wantedId = null)
    {
        var local = new IPEndPoint(IPAddress.IsLoopback(server.Address) ? server.Address : Any(server), 0);
        var socket = LiveNodes.Bind(transport, local);
        await using (socket.ConfigureAwait(false))
        {
            var answer = new FirstPacket<BootstrapAnswer>(packet => BootstrapExchange.Read(packet.Span));
            socket.Start(answer);
            var request = BootstrapExchange.Request((uint)Random.Shared.Next(), self, wantedId, asPeer);
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                socket.Send(NodeAddress.FromEndPoint(server), request);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(TimeSpan.FromMilliseconds(500 << attempt));
                try
                {
                    return await answer.Task.WaitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // TCP says at once that nobody listens: no use waiting 15 s for it.
                    if (transport == TransportKind.Tcp && socket.Counters.ConnectFailures >= 2)
                    {
                        throw new InvalidOperationException($"cannot connect to the bootstrap server at {server} over tcp (is it running, with --transport tcp?)");
                    }
                }
            }
        }

        throw new InvalidOperationException(
            $"no answer from the bootstrap server at {server} over {OverlayChoices.Name(transport)} (is it running, with the same --transport?)");
    }

    private static IPAddress Any(IPEndPoint server) =>
        server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
}
