using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Peerlink.Core;
using Peerlink.Hosting.Turn;
using Peerlink.Nat.Stun;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Tests;

/// <summary>The TURN host on loopback sockets, and its TCP framing (RFC 8656 §12.5).</summary>
public class TurnHostTests
{
    private const string Realm = "example.org";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("", 0)] // nothing yet
    [InlineData("0001", 0)] // a STUN header begun
    [InlineData("000100080000", 28)] // STUN: Message Length 8 + 20
    [InlineData("40000005", 12)] // ChannelData: 4 + 5, padded to 12
    [InlineData("40000004", 8)] // ChannelData: 4 + 4, no padding needed
    [InlineData("80", -1)] // neither STUN (00) nor ChannelData (01)
    [InlineData("c0000000", -1)]
    public void Next_Prefix_LengthOrNeedMoreOrNotTurn(string hex, int expected) =>
        Assert.Equal(expected, TurnFraming.Next(Convert.FromHexString(hex)));

    [Fact]
    public async Task UdpClient_AllocatePermitSend_PeerGetsItAndItsAnswerComesBackAsData()
    {
        await using var host = Start();
        using var client = Udp();
        using var peer = Udp();
        var server = host.LocalEndPoint;

        var nonce = Challenge(Exchange(client, server, Allocate()));
        var allocated = Exchange(client, server, Signed(Allocate(), nonce));
        Assert.Equal(StunClass.SuccessResponse, allocated.Class);
        var relay = StunAddress.ReadXor(allocated.Find(StunAttributeType.XorRelayedAddress)!.Value.Span, allocated.TransactionId.Span)!;
        Assert.InRange(relay.Port, 49700, 49719);

        var peerAt = (IPEndPoint)peer.LocalEndPoint!;
        var permit = Request(StunMethod.CreatePermission);
        permit = permit with { Attributes = [new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(peerAt, permit.TransactionId.Span))] };
        Assert.Equal(StunClass.SuccessResponse, Exchange(client, server, Signed(permit, nonce)).Class);

        var send = new StunMessage(StunClass.Indication, StunMethod.Send, Bytes.Copy(new byte[12]));
        send = send with
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorPeerAddress, StunAddress.WriteXor(peerAt, send.TransactionId.Span)),
                new StunAttributeEntry(StunAttributeType.Data, Bytes.FromHex("cafe")),
            ],
        };
        client.SendTo(StunCodec.Encode(send), server);
        var (got, from) = Receive(peer);
        Assert.Equal(new byte[] { 0xCA, 0xFE }, got);
        Assert.Equal(relay, from);

        peer.SendTo(new byte[] { 1, 2, 3 }, relay);
        var (data, _) = Receive(client);
        Assert.True(StunCodec.TryDecode(data, out var indication, out _));
        Assert.Equal(StunMethod.Data, indication.Method);
        Assert.Equal(Bytes.FromHex("010203"), indication.Find(StunAttributeType.Data)!.Value);
        Assert.Equal(1, host.Counts().Allocations);
    }

    [Fact]
    public async Task TcpClient_RequestInPieces_Framed_AndTheAllocationEndsWithTheConnection()
    {
        await using var host = Start();
        using (var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await tcp.ConnectAsync(host.LocalEndPoint);
            var first = StunCodec.Encode(Allocate(), fingerprint: true);
            await tcp.SendAsync(first.AsMemory(0, 7));
            await Task.Delay(50);
            await tcp.SendAsync(first.AsMemory(7));
            var nonce = Challenge(await ReadMessageAsync(tcp));

            await tcp.SendAsync(Signed(Allocate(), nonce));
            Assert.Equal(StunClass.SuccessResponse, (await ReadMessageAsync(tcp)).Class);
            Assert.Equal(1, host.Counts().Allocations);
        }

        var deadline = DateTime.UtcNow + Wait;
        while (host.Counts().Allocations != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, host.Counts().Allocations);
    }

    [Fact]
    public async Task TcpClient_SilentWithoutAllocation_ClosedAfterTheIdleTimeout()
    {
        await using var host = new TurnHost(Options() with { TcpIdleTimeout = TimeSpan.FromMilliseconds(200) });
        host.Start();
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(host.LocalEndPoint);

        using var timeout = new CancellationTokenSource(Wait);
        Assert.Equal(0, await tcp.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None, timeout.Token));
    }

    [Fact]
    public async Task Constructor_PortInUse_SocketException()
    {
        await using var first = Start();
        var options = Options() with { Listen = first.LocalEndPoint };
        Assert.Throws<SocketException>(() => new TurnHost(options));
    }

    private static TurnHostOptions Options() => new()
    {
        Listen = new IPEndPoint(IPAddress.Loopback, 0),
        MinRelayPort = 49700,
        MaxRelayPort = 49719,
        Server = new TurnServerOptions { Realm = Realm, Users = new Dictionary<string, string> { ["alice"] = "secret" }, AllowLoopbackPeers = true },
    };

    private static TurnHost Start()
    {
        var host = new TurnHost(Options());
        host.Start();
        return host;
    }

    private static Socket Udp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Wait.TotalMilliseconds };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static StunMessage Request(ushort method) => new(StunClass.Request, method, Bytes.Copy(Guid.NewGuid().ToByteArray().AsSpan(0, 12)));

    private static StunMessage Allocate() => Request(StunMethod.Allocate) with
    {
        Attributes = [new StunAttributeEntry(StunAttributeType.RequestedTransport, Bytes.FromHex("11000000"))],
    };

    private static byte[] Signed(StunMessage request, string nonce) => StunCodec.Encode(
        request with
        {
            Attributes =
            [
                .. request.Attributes,
                new StunAttributeEntry(StunAttributeType.Username, Bytes.FromUtf8("alice")),
                new StunAttributeEntry(StunAttributeType.Realm, Bytes.FromUtf8(Realm)),
                new StunAttributeEntry(StunAttributeType.Nonce, Bytes.FromUtf8(nonce)),
            ],
        },
        StunCodec.LongTermKey("alice", Realm, "secret"),
        fingerprint: true);

    private static string Challenge(StunMessage response)
    {
        Assert.Equal(401, StunErrorCode.FromValue(response.Find(StunAttributeType.ErrorCode)!.Value.Span)!.Code);
        return System.Text.Encoding.UTF8.GetString(response.Find(StunAttributeType.Nonce)!.Value.Span);
    }

    private static StunMessage Exchange(Socket client, IPEndPoint server, StunMessage request) => Exchange(client, server, StunCodec.Encode(request, fingerprint: true));

    private static StunMessage Exchange(Socket client, IPEndPoint server, byte[] request)
    {
        client.SendTo(request, server);
        var (bytes, _) = Receive(client);
        Assert.True(StunCodec.TryDecode(bytes, out var response, out var error), error);
        return response;
    }

    private static (byte[] Bytes, IPEndPoint From) Receive(Socket socket)
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var length = socket.ReceiveFrom(buffer, ref from);
        return (buffer[..length], (IPEndPoint)from);
    }

    private static async Task<StunMessage> ReadMessageAsync(Socket tcp)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var header = new byte[20];
        await ReadExactlyAsync(tcp, header, timeout.Token);
        var message = new byte[20 + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2))];
        header.CopyTo(message, 0);
        await ReadExactlyAsync(tcp, message.AsMemory(20), timeout.Token);
        Assert.True(StunCodec.TryDecode(message, out var response, out var error), error);
        return response;
    }

    private static async Task ReadExactlyAsync(Socket tcp, Memory<byte> into, CancellationToken token)
    {
        for (var at = 0; at < into.Length;)
        {
            var read = await tcp.ReceiveAsync(into[at..], SocketFlags.None, token);
            Assert.True(read > 0, "the server closed the connection");
            at += read;
        }
    }
}
