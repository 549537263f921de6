using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Hosting.Tests;

public sealed class TcpTransportTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Echo_BetweenTwoHosts_ResponseReturnsOnTheRequestsConnection()
    {
        await using var a = await Node.TcpAsync(Ct);
        await using var b = await Node.TcpAsync(Ct);

        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(1, 100)), Ct);
        var response = await a.Engine.WaitForAsync(1, MessageKind.Response, Ct);
        var request = await b.Engine.WaitForAsync(1, MessageKind.Request, Ct);

        // A dialled B's listening address and hears the answer "from" it; B saw A's ephemeral source
        // port, answered to it, and that address is the accepted connection: nobody dialled twice.
        Assert.Equal(b.Transport.LocalAddress, response.From);
        Assert.NotEqual(a.Transport.LocalAddress, request.From);
        Assert.Equal(1, a.Transport.Counters.ConnectionsOpened);
        Assert.Equal(1, b.Transport.Counters.ConnectionsAccepted);
        Assert.Equal(0, b.Transport.Counters.ConnectionsOpened);
        Assert.Equal(1, a.Transport.ConnectionCount);
        Assert.Equal(1, b.Transport.ConnectionCount);
        Assert.True(a.Transport.IsReliable);
    }

    [Fact]
    public async Task Echo_SecondRequest_ReusesTheConnection()
    {
        await using var a = await Node.TcpAsync(Ct);
        await using var b = await Node.TcpAsync(Ct);

        for (uint i = 1; i <= 3; i++)
        {
            await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(i)), Ct);
            await a.Engine.WaitForAsync(i, MessageKind.Response, Ct);
        }

        Assert.Equal(1, a.Transport.Counters.ConnectionsOpened);
        Assert.Equal(1, b.Transport.Counters.ConnectionsAccepted);
    }

    [Fact]
    public async Task Echo_64KiBMessage_ArrivesWhole()
    {
        await using var a = await Node.TcpAsync(Ct);
        await using var b = await Node.TcpAsync(Ct);
        var request = Frames.Request(64, 64 * 1024);

        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, request), Ct);
        var response = await a.Engine.WaitForAsync(64, MessageKind.Response, Ct);

        Assert.Equal(Frames.ToResponse(request), response.Packet);
    }

    [Fact]
    public async Task Receive_MessagesSplitAcrossWrites_Reassembled()
    {
        await using var server = await StartServerAsync();
        using var client = await ConnectAsync(server.Transport);
        var stream = Frames.Request(1, 300).Concat(Frames.Request(2, 5)).Concat(Frames.Request(3, 2000)).ToArray();

        // Cuts inside the first header, inside a body, and across the boundary of two messages.
        int[] cuts = [5, 17, 200, 316, 330, stream.Length];
        var offset = 0;
        foreach (var cut in cuts)
        {
            await client.SendAsync(stream.AsMemory(offset, cut - offset), SocketFlags.None, Ct);
            offset = cut;
        }

        var received = await server.ReadAsync(3, Ct);
        Assert.Equal([1u, 2u, 3u], received.Select(r => Frames.TransactionId(r.Packet)));
        Assert.Equal(stream, received.SelectMany(r => r.Packet).ToArray());
    }

    [Fact]
    public async Task Receive_SeveralMessagesInOneWrite_AllDelivered()
    {
        await using var server = await StartServerAsync();
        using var client = await ConnectAsync(server.Transport);
        var frames = Enumerable.Range(1, 20).Select(i => Frames.Indication((uint)i, i * 3)).ToList();

        await client.SendAsync(frames.SelectMany(f => f).ToArray(), SocketFlags.None, Ct);

        var received = await server.ReadAsync(20, Ct);
        Assert.Equal(frames, received.Select(r => r.Packet));
        Assert.All(received, r => Assert.Equal(NodeAddress.FromEndPoint((IPEndPoint)client.LocalEndPoint!), r.From));
    }

    [Fact]
    public async Task Receive_OversizedFrame_ClosesOnlyThatConnectionAndCounts()
    {
        await using var server = await StartServerAsync(new TcpTransportOptions { MaxBodyLength = 1024 });
        using var good = await ConnectAsync(server.Transport);
        using var bad = await ConnectAsync(server.Transport);

        await good.SendAsync(Frames.Request(1, 10), SocketFlags.None, Ct);
        Assert.Single(await server.ReadAsync(1, Ct));
        await bad.SendAsync(Frames.HeaderOnly(2, 1025), SocketFlags.None, Ct);

        var ended = await server.Ended.ReadAsync(Ct);
        Assert.Equal(CloseReason.BadFrame, ended.Reason);
        Assert.Equal(NodeAddress.FromEndPoint((IPEndPoint)bad.LocalEndPoint!), ended.Remote);
        await AssertClosedByPeerAsync(bad);
        Assert.Equal(1, server.Transport.Counters.FramesRejected);

        await good.SendAsync(Frames.Request(3, 1024), SocketFlags.None, Ct);
        Assert.Equal(3u, Frames.TransactionId((await server.ReadAsync(1, Ct))[0].Packet));
        Assert.Equal(1, server.Transport.ConnectionCount);
    }

    [Fact]
    public async Task Receive_GarbageBytes_ClosesThatConnectionAndCounts()
    {
        await using var server = await StartServerAsync();
        using var bad = await ConnectAsync(server.Transport);

        await bad.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), SocketFlags.None, Ct);

        Assert.Equal(CloseReason.BadFrame, (await server.Ended.ReadAsync(Ct)).Reason);
        await AssertClosedByPeerAsync(bad);
        Assert.Equal(1, server.Transport.Counters.FramesRejected);
        Assert.Equal(0, server.Transport.Counters.PacketsReceived);
    }

    [Fact]
    public async Task Send_OverFrameLimit_DroppedWithoutDialling()
    {
        await using var transport = new TcpTransport(new TcpTransportOptions { MaxBodyLength = 100 });

        transport.Send(transport.LocalAddress, Frames.Request(1, 101));

        Assert.Equal(1, transport.Counters.SendsDropped);
        Assert.Equal(0, transport.ConnectionCount);
    }

    [Fact]
    public async Task Send_ToClosedPort_FailsCountsThenRedialsOnceListening()
    {
        await using var a = await Node.TcpAsync(Ct);
        var ended = Channel.CreateUnbounded<CloseReason>();
        a.Transport.ConnectionEnded = (_, _, reason) => ended.Writer.TryWrite(reason);
        var port = FreeTcpPort();
        var target = NodeAddress.FromIPv4(0x7F000001, (ushort)port);

        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(target, Frames.Request(1)), Ct);
        Assert.Equal(CloseReason.ConnectFailed, await ended.Reader.ReadAsync(Ct));
        Assert.Equal(1, a.Transport.Counters.ConnectFailures);
        Assert.Equal(1, a.Transport.Counters.SendsDropped);

        await using var b = await Node.TcpAsync(Ct, new TcpTransportOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) });
        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(target, Frames.Request(2)), Ct);

        await a.Engine.WaitForAsync(2, MessageKind.Response, Ct);
        Assert.Equal(1, a.Transport.Counters.ConnectionsOpened);
    }

    [Fact]
    public async Task Send_PeerClosedConnection_NextSendRedials()
    {
        await using var a = await Node.TcpAsync(Ct);
        var ended = Channel.CreateUnbounded<CloseReason>();
        a.Transport.ConnectionEnded = (_, _, reason) => ended.Writer.TryWrite(reason);
        var b = await Node.TcpAsync(Ct);
        var port = b.Transport.LocalEndPoint.Port;
        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(1)), Ct);
        await a.Engine.WaitForAsync(1, MessageKind.Response, Ct);

        await b.DisposeAsync();
        Assert.Equal(CloseReason.RemoteClosed, await ended.Reader.ReadAsync(Ct));
        await using var b2 = await Node.TcpAsync(Ct, new TcpTransportOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) });
        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b2.Transport.LocalAddress, Frames.Request(2)), Ct);

        await a.Engine.WaitForAsync(2, MessageKind.Response, Ct);
        Assert.Equal(2, a.Transport.Counters.ConnectionsOpened);
    }

    [Fact]
    public async Task Send_PeerNeverAnswersConnect_QueueBoundedThenTimeoutDropsQueued()
    {
        // A listener whose accept queue is full drops SYNs: the dial hangs until the connect timeout.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await filler.ConnectAsync(listener.LocalEndPoint!, Ct);
        var time = new FakeTimeProvider();
        await using var a = new TcpTransport(new TcpTransportOptions { SendQueueCapacity = 2, ConnectTimeout = TimeSpan.FromSeconds(5) }, time);
        var ended = Channel.CreateUnbounded<CloseReason>();
        a.ConnectionEnded = (_, _, reason) => ended.Writer.TryWrite(reason);
        a.Start(new CollectingReceiver());
        var target = NodeAddress.FromEndPoint((IPEndPoint)listener.LocalEndPoint!);

        for (uint i = 0; i < 5; i++)
        {
            a.Send(target, Frames.Request(i));
        }

        Assert.Equal(3, a.Counters.SendsDropped); // two wait in the queue
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(CloseReason.ConnectFailed, await ended.Reader.ReadAsync(Ct));
        Assert.Equal(5, a.Counters.SendsDropped);
        Assert.Equal(1, a.Counters.ConnectFailures);
        Assert.Equal(0, a.Counters.PacketsSent);
    }

    [Fact]
    public async Task IdleTimeout_NoTraffic_ConnectionClosed()
    {
        var time = new FakeTimeProvider();
        var idle = TimeSpan.FromSeconds(30);
        await using var a = new TcpTransport(new TcpTransportOptions { IdleTimeout = idle }, time);
        var ended = Channel.CreateUnbounded<CloseReason>();
        a.ConnectionEnded = (_, _, reason) => ended.Writer.TryWrite(reason);
        a.Start(new CollectingReceiver());
        await using var server = await StartServerAsync();

        a.Send(server.Transport.LocalAddress, Frames.Indication(1));
        await server.ReadAsync(1, Ct);
        time.Advance(idle / 2);
        Assert.Equal(1, a.ConnectionCount);
        time.Advance(idle / 2);

        Assert.Equal(CloseReason.Idle, await ended.Reader.ReadAsync(Ct));
        Assert.Equal(CloseReason.RemoteClosed, (await server.Ended.ReadAsync(Ct)).Reason);
        Assert.Equal(0, a.ConnectionCount);
    }

    [Fact]
    public async Task StopAsync_FinalSend_ReachesThePeerBeforeClosing()
    {
        await using var b = await Node.TcpAsync(Ct);
        var a = await Node.TcpAsync(Ct);

        await a.Host.StopAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Indication(7, 60_000)), Ct);
        await a.DisposeAsync();

        var leave = await b.Engine.WaitForAsync(7, MessageKind.Indication, Ct);
        Assert.Equal(Frames.Indication(7, 60_000), leave.Packet);
    }

    [Fact]
    public async Task Stop_ReleasesPort_SameFixedPortListensAgain()
    {
        var first = await Node.TcpAsync(Ct);
        await using var peer = await Node.TcpAsync(Ct);
        var port = first.Transport.LocalEndPoint.Port;
        await peer.Host.InvokeAsync(_ => peer.Engine.Sender.Send(first.Transport.LocalAddress, Frames.Request(1)), Ct);
        await peer.Engine.WaitForAsync(1, MessageKind.Response, Ct);
        var ended = Channel.CreateUnbounded<CloseReason>();
        peer.Transport.ConnectionEnded = (_, _, reason) => ended.Writer.TryWrite(reason);
        await first.Host.StopAsync(Ct); // closes an accepted connection first: TIME_WAIT on this port
        await first.DisposeAsync();

        // Until the peer has read the close, its pooled connection looks alive and a send on it is lost
        // (TCP's own race with a restarting peer); once it has, the next send dials the new listener.
        Assert.Equal(CloseReason.RemoteClosed, await ended.Reader.ReadAsync(Ct));

        await using var second = await Node.TcpAsync(Ct, new TcpTransportOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) });
        await peer.Host.InvokeAsync(_ => peer.Engine.Sender.Send(second.Transport.LocalAddress, Frames.Request(2)), Ct);

        await peer.Engine.WaitForAsync(2, MessageKind.Response, Ct);
    }

    [Fact]
    public async Task Echo_IPv6Loopback_Works()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return; // nothing to show on a machine without IPv6
        }

        var options = new TcpTransportOptions { EndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 0) };
        await using var a = await Node.TcpAsync(Ct, options);
        await using var b = await Node.TcpAsync(Ct, options);

        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(6)), Ct);

        Assert.Equal(b.Transport.LocalAddress, (await a.Engine.WaitForAsync(6, MessageKind.Response, Ct)).From);
    }

    [Fact]
    public void Options_InvalidValues_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpTransportOptions { MaxBodyLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpTransportOptions { ConnectTimeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpTransportOptions { IdleTimeout = TimeSpan.FromSeconds(-2) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpTransportOptions { SendQueueCapacity = 0 });
        Assert.Equal(WireOptions.DefaultMaxBodyLength + 16, new TcpTransportOptions().MaxFrameLength);
        Assert.Equal(Timeout.InfiniteTimeSpan, new TcpTransportOptions { IdleTimeout = Timeout.InfiniteTimeSpan }.IdleTimeout);
    }

    private static async Task<Server> StartServerAsync(TcpTransportOptions? options = null)
    {
        var transport = new TcpTransport(options ?? new TcpTransportOptions());
        var server = new Server(transport);
        transport.ConnectionEnded = (remote, _, reason) => server.EndedWriter.TryWrite((remote, reason));
        transport.Start(server.Receiver);
        await Task.CompletedTask;
        return server;
    }

    private async Task<Socket> ConnectAsync(TcpTransport server)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(server.LocalEndPoint, Ct);
        return client;
    }

    private async Task AssertClosedByPeerAsync(Socket socket)
    {
        var buffer = new byte[16];
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(buffer, SocketFlags.None, Ct));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed with unread bytes in its buffer: a reset, which is a close too.
        }
    }

    private static int FreeTcpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A bare transport (no engine) whose received frames and ended connections the test reads.</summary>
    private sealed class Server(TcpTransport transport) : IAsyncDisposable
    {
        private readonly Channel<(NodeAddress Remote, CloseReason Reason)> _ended = Channel.CreateUnbounded<(NodeAddress, CloseReason)>();

        public TcpTransport Transport { get; } = transport;

        public CollectingReceiver Receiver { get; } = new();

        public ChannelReader<(NodeAddress Remote, CloseReason Reason)> Ended => _ended.Reader;

        public ChannelWriter<(NodeAddress Remote, CloseReason Reason)> EndedWriter => _ended.Writer;

        public async Task<List<(NodeAddress From, byte[] Packet)>> ReadAsync(int count, CancellationToken cancellationToken)
        {
            var list = new List<(NodeAddress, byte[])>();
            while (list.Count < count)
            {
                list.Add(await Receiver.Packets.ReadAsync(cancellationToken));
            }

            return list;
        }

        public ValueTask DisposeAsync() => Transport.DisposeAsync();
    }

    private sealed class CollectingReceiver : IPacketReceiver
    {
        private readonly Channel<(NodeAddress From, byte[] Packet)> _packets = Channel.CreateUnbounded<(NodeAddress, byte[])>();

        public ChannelReader<(NodeAddress From, byte[] Packet)> Packets => _packets.Reader;

        public bool TryReceive(NodeAddress from, ReadOnlyMemory<byte> packet) => _packets.Writer.TryWrite((from, packet.ToArray()));

        public ValueTask<bool> ReceiveAsync(NodeAddress from, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TryReceive(from, packet));
    }
}
