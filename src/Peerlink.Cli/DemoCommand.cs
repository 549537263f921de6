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
        var command = new Command("demo", "Show Peerlink at work with no set-up: today, P2PP messages encoded and decoded.");
        command.SetAction(_ => Run(io));
        return command;
    }

    private static int Run(CliIo io)
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
        return 0;
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
