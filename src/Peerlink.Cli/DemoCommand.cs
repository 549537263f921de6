using System.CommandLine;
using System.Net;
using Peerlink.Core;
using Peerlink.Wire;
using Peerlink.Wire.Json;

namespace Peerlink.Cli;

/// <summary>
/// <c>peerlink demo</c>: what Peerlink can show on this machine with no set-up. For now the wire
/// format: a Join as bytes and a LookupObject response decoded. Later issues grow it into a live
/// overlay on loopback.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("demo", "Show Peerlink at work with no set-up: P2PP on the wire, then a small overlay on 127.0.0.1\nthat stores a value and finds it again from another peer.");
        command.SetAction(async (_, ct) =>
        {
            ShowWire(io);
            return await ShowOverlayAsync(io, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ShowOverlayAsync(CliIo io, CancellationToken ct)
    {
        io.Out.WriteLine();
        io.Out.WriteLine("A Chord overlay of 8 peers on 127.0.0.1 (UDP, ports chosen by the system), joined through a bootstrap server:");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var hosts = new List<Hosting.EngineHost>();
        try
        {
            var (bootstrapHost, _) = await LiveNodes.StartBootstrapAsync(new IPEndPoint(IPAddress.Loopback, 0), timeout.Token).ConfigureAwait(false);
            hosts.Add(bootstrapHost);
            var peers = new List<(Hosting.EngineHost Host, Overlay.Engine.OverlayNode Node)>();
            var fast = new Overlay.Engine.OverlayNodeOptions { MaintenanceInterval = TimeSpan.FromSeconds(1) };
            for (var i = 0; i < 8; i++)
            {
                var peer = await LiveNodes.StartPeerAsync(new IPEndPoint(IPAddress.Loopback, 0), bootstrapHost.Address.ToEndPoint(), null, timeout.Token, fast).ConfigureAwait(false);
                hosts.Add(peer.Host);
                peers.Add((peer.Host, peer.Node));
                io.Out.WriteLine($"  peer {peer.Node.Self.Id.ToString()[..8]} at {peer.Host.Address} joined");
            }

            await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token).ConfigureAwait(false); // a few stabilization rounds
            var obj = new ResourceObject(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, "alice@example.com"), Bytes.FromUtf8("sip:alice@127.0.0.1:5070")) { Expires = 600 };
            var (firstHost, firstNode) = peers[0];
            var put = await firstHost.InvokeOperationAsync<Overlay.Engine.OverlayResult>((now, done) => firstNode.Publish(now, obj, Overlay.Engine.RoutingMode.Recursive, done), timeout.Token).ConfigureAwait(false);
            var owner = peers.OrderBy(p => NodeId.RingDistance(obj.ResourceId, p.Node.Self.Id)).First();
            io.Out.WriteLine();
            io.Out.WriteLine($"put alice@example.com (key {obj.ResourceId.ToString()[..8]}) from peer {firstNode.Self.Id.ToString()[..8]}: {(put.Succeeded ? "stored" : put.Failure)} after {put.Hops} hop(s), at its successor {owner.Node.Self.Id.ToString()[..8]}");
            // Asked from the owner's successor: on a ring, the peer with the longest way to the key.
            var (host, node) = peers.Where(p => p.Node != owner.Node).OrderBy(p => NodeId.RingDistance(obj.ResourceId, p.Node.Self.Id)).First();
            foreach (var mode in Enum.GetValues<Overlay.Engine.RoutingMode>())
            {
                var get = await host.InvokeOperationAsync<Overlay.Engine.OverlayResult>((now, done) => node.LookupObject(now, new RLookup(ContentType.UserInfo, 0, obj.ResourceId), mode, done), timeout.Token).ConfigureAwait(false);
                var found = get.Objects.Count > 0 && get.Objects[0] is { } o ? System.Text.Encoding.UTF8.GetString(o.Value.Span) : "(nothing)";
                io.Out.WriteLine($"get from peer {node.Self.Id.ToString()[..8]}, {mode,-9}: found {found} after {get.Hops} hop(s)");
            }

            io.Out.WriteLine();
            io.Out.WriteLine("Try: peerlink cluster --nodes 16, then peerlink put KEY VALUE --via 127.0.0.1:7100 and peerlink get KEY --via 127.0.0.1:7105");
            return 0;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return io.Fail("the loopback overlay did not answer within 60 s");
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void ShowWire(CliIo io)
    {
        var alice = IdHash.ToId(HashAlgorithmCode.Sha1, "alice@example.com");
        var bob = IdHash.ToId(HashAlgorithmCode.Sha1, "bob@example.com");
        var aliceAt = new IPEndPoint(IPAddress.Loopback, 7081);

        var join = new P2ppMessage(
            new P2ppHeader(MessageKind.Request, RequestType.Join, TransactionId: 0x2a, alice) { Recursive = true, Ttl = 16 },
            [
                new RequestOptions(RequestOptionBits.NeighborTable),
                new PeerInfo(alice, new AddressInfo([IceCandidate.Host(aliceAt, priority: 2130706431)])) { Uptime = 0 },
            ]);
        var bytes = P2ppCodec.Encode(join);
        io.Out.WriteLine($"A P2PP Join from alice ({alice}, SHA-1 of \"alice@example.com\"), {bytes.Length} bytes on the wire:");
        io.Out.WriteLine();
        WriteHexDump(io.Out, bytes);
        io.Out.WriteLine();

        var found = new P2ppMessage(
            new P2ppHeader(MessageKind.ResponseAck, RequestType.LookupObject, TransactionId: 0x2b, alice)
            {
                ResponseCode = ResponseCode.Ok,
                ResponseId = bob,
            },
            [
                new PeerInfo(bob, new AddressInfo([IceCandidate.Host(new IPEndPoint(IPAddress.Loopback, 7082))])),
                new ResourceObject(ContentType.UserInfo, 0, bob, Bytes.FromUtf8("sip:bob@127.0.0.1:5070"))
                {
                    Owner = Bytes.FromUtf8("bob@example.com"),
                    Expires = 3600,
                },
            ]);
        var decoded = P2ppCodec.Decode(P2ppCodec.Encode(found));
        io.Out.WriteLine("Bob's answer to alice's LookupObject, decoded from its bytes ('peerlink wire decode' prints this form):");
        io.Out.WriteLine();
        io.Out.WriteLine(P2ppJsonWriter.Write(decoded));
        io.Out.WriteLine();
        io.Out.WriteLine("Try: peerlink wire decode --help");
    }

    private static void WriteHexDump(TextWriter output, ReadOnlySpan<byte> bytes)
    {
        for (var row = 0; row < bytes.Length; row += 16)
        {
            var line = bytes.Slice(row, Math.Min(16, bytes.Length - row));
            var hex = string.Join(' ', line.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            output.WriteLine($"  {row:x4}  {hex}");
        }
    }
}
