using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Peerlink.Hosting.Ice;
using Peerlink.Nat.Ice;
using Peerlink.Nat.Stun;

namespace Peerlink.NatBench;

/// <summary>
/// One side of an ICE connection setup with Peerlink's agent (<c>Peerlink.NatBench ice-peer</c>), the
/// counterpart of bench/aioice_setup.py: host and server reflexive candidates (one Binding request from
/// the agent's own socket), SDP lines through files, and the time from handing the peer's candidates in
/// to the nominated pair, printed as "setup_ms &lt;ms&gt; &lt;pair&gt;".
/// </summary>
internal static class IcePeer
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is not (6 or 7))
        {
            Console.Error.WriteLine("usage: ice-peer <controlling|controlled> <mine.sdp> <peer.sdp> <stun-ip:port> <bind-ip> [overlay]");
            return 2;
        }

        // "overlay": the settings the overlay's nodes use (OverlayNodeOptions.DefaultIce); none: the agent's defaults.
        var options = args.Length == 7 && args[6] == "overlay" ? Overlay.Engine.OverlayNodeOptions.DefaultIce : null;

        var role = args[1] == "controlling" ? IceRole.Controlling : IceRole.Controlled;
        var (mine, peer, stun, bind) = (args[2], args[3], IPEndPoint.Parse(args[4]), IPAddress.Parse(args[5]));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(bind, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var agent = new IceAgent(role, new Random(Environment.ProcessId), options);
        agent.AddLocalCandidate(IceCandidate.Host(local));
        if (Mapped(socket, stun) is { } mapped)
        {
            agent.AddLocalCandidate(IceCandidate.ServerReflexive(mapped, local, stun.Address), local);
        }

        var lines = new List<string> { "a=ice-ufrag:" + agent.LocalUfrag, "a=ice-pwd:" + agent.LocalPassword };
        lines.AddRange(agent.LocalCandidates.Select(l => "a=" + l.Candidate.ToAttribute()));
        await File.WriteAllLinesAsync(mine + ".tmp", lines).ConfigureAwait(false);
        File.Move(mine + ".tmp", mine);
        await using var host = new IceHost(agent, socket);
        host.Start();
        Console.WriteLine("ready");
        for (var i = 0; i < 2000 && !File.Exists(peer); i++)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        string? ufrag = null, password = null;
        var candidates = new List<IceCandidate>();
        foreach (var line in await File.ReadAllLinesAsync(peer).ConfigureAwait(false))
        {
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                password = line["a=ice-pwd:".Length..];
            }
            else if (IceCandidate.TryParse(line, out var candidate, out _))
            {
                candidates.Add(candidate);
            }
        }

        var clock = Stopwatch.StartNew();
        await host.InvokeAsync((a, _) =>
        {
            a.SetRemoteCredentials(ufrag!, password!);
            foreach (var c in candidates)
            {
                a.AddRemoteCandidate(c);
            }

            return 0;
        }).ConfigureAwait(false);
        var pair = await host.Selected.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup_ms {clock.Elapsed.TotalMilliseconds:F1} {pair}"));
        await Task.Delay(1500).ConfigureAwait(false); // the peer may still be finishing
        return 0;
    }

    // One Binding request from the agent's socket (three tries, 500 ms apart): the server reflexive address.
    private static IPEndPoint? Mapped(Socket socket, IPEndPoint stun)
    {
        var id = new byte[12];
        Random.Shared.NextBytes(id);
        var request = StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, Core.Bytes.Copy(id)), fingerprint: true);
        socket.ReceiveTimeout = 500;
        var buffer = new byte[1500];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            socket.SendTo(request, stun);
            try
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                var n = socket.ReceiveFrom(buffer, ref from);
                if (StunCodec.TryDecode(buffer.AsSpan(0, n), out var response, out _) && response.Find(StunAttributeType.XorMappedAddress) is { } xor)
                {
                    socket.ReceiveTimeout = 0;
                    return StunAddress.ReadXor(xor.Value.Span, id);
                }
            }
            catch (SocketException)
            {
                // no answer yet
            }
        }

        socket.ReceiveTimeout = 0;
        return null;
    }
}
