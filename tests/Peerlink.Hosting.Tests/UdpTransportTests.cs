using System.Net;
using System.Net.Sockets;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Hosting.Tests;

public sealed class UdpTransportTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Echo_BetweenTwoHosts_ResponseComesBack()
    {
        await using var a = await Node.UdpAsync(Ct);
        await using var b = await Node.UdpAsync(Ct);

        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(1, 100)), Ct);
        var response = await a.Engine.WaitForAsync(1, MessageKind.Response, Ct);

        Assert.Equal(b.Transport.LocalAddress, response.From);
        Assert.Equal(Frames.ToResponse(Frames.Request(1, 100)), response.Packet);
        var request = await b.Engine.WaitForAsync(1, MessageKind.Request, Ct);
        Assert.Equal(a.Transport.LocalAddress, request.From);
        Assert.Equal(1, a.Transport.Counters.PacketsSent);
        Assert.Equal(1, a.Transport.Counters.PacketsReceived);
        Assert.Equal(116, b.Transport.Counters.BytesReceived);
    }

    [Fact]
    public async Task Echo_ManyRequests_AllAnswered()
    {
        await using var a = await Node.UdpAsync(Ct);
        await using var b = await Node.UdpAsync(Ct);
        const int Count = 200;

        await a.Host.InvokeAsync(_ =>
        {
            for (uint i = 0; i < Count; i++)
            {
                a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(i, 32));
            }
        }, Ct);

        // Loopback UDP with default buffers carries 200 small datagrams; a loss would show as a timeout here.
        var answered = new HashSet<uint>();
        while (answered.Count < Count)
        {
            var arrival = await a.Engine.Arrivals.ReadAsync(Ct);
            answered.Add(arrival.TransactionId);
        }

        Assert.Equal(Count, a.Transport.Counters.PacketsReceived);
    }

    [Fact]
    public async Task Echo_IPv6Loopback_Works()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return; // nothing to show on a machine without IPv6
        }

        await using var a = await Node.UdpAsync(Ct, IPAddress.IPv6Loopback);
        await using var b = await Node.UdpAsync(Ct, IPAddress.IPv6Loopback);

        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(6)), Ct);
        var response = await a.Engine.WaitForAsync(6, MessageKind.Response, Ct);

        Assert.False(response.From.IsIPv4);
        Assert.Equal(b.Transport.LocalAddress, response.From);
    }

    [Fact]
    public async Task Send_ToClosedPort_SocketSurvivesAndStillEchoes()
    {
        await using var a = await Node.UdpAsync(Ct);
        await using var b = await Node.UdpAsync(Ct);
        var closed = ClosedUdpPort();

        // Each send draws an ICMP port-unreachable; the receive loop must not die of it.
        await a.Host.InvokeAsync(_ =>
        {
            for (uint i = 0; i < 5; i++)
            {
                a.Engine.Sender.Send(closed, Frames.Request(100 + i));
            }
        }, Ct);
        await a.Host.InvokeAsync(_ => a.Engine.Sender.Send(b.Transport.LocalAddress, Frames.Request(2)), Ct);

        await a.Engine.WaitForAsync(2, MessageKind.Response, Ct);
        Assert.Equal(6, a.Transport.Counters.PacketsSent + a.Transport.Counters.SendsDropped);
    }

    [Fact]
    public async Task Send_IPv6DestinationFromIPv4Socket_DroppedAndCounted()
    {
        await using var transport = new UdpTransport(new UdpTransportOptions());

        transport.Send(NodeAddress.From(IPAddress.IPv6Loopback, 9), Frames.Request(1));

        Assert.Equal(1, transport.Counters.SendsDropped);
        Assert.Equal(0, transport.Counters.PacketsSent);
    }

    [Fact]
    public async Task Send_AfterDispose_DroppedAndCounted()
    {
        var transport = new UdpTransport(new UdpTransportOptions());
        await transport.DisposeAsync();

        transport.Send(transport.LocalAddress, Frames.Request(1));

        Assert.Equal(1, transport.Counters.SendsDropped);
    }

    [Fact]
    public async Task Receive_ReceiverRefuses_DroppedAndCounted()
    {
        await using var transport = new UdpTransport(new UdpTransportOptions());
        var receiver = new RefusingReceiver(expected: 2);
        transport.Start(receiver);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await client.SendToAsync(Frames.Request(1), SocketFlags.None, transport.LocalEndPoint, Ct);
        await client.SendToAsync(Frames.Request(2), SocketFlags.None, transport.LocalEndPoint, Ct);
        await receiver.Done.Task.WaitAsync(Ct);

        // The loop counts a refusal right after TryReceive returns; the second call proves the first was counted.
        Assert.True(transport.Counters.ReceivesDropped >= 1);
        Assert.Equal(2, transport.Counters.PacketsReceived);
    }

    [Fact]
    public async Task Stop_ReleasesPort_SameFixedPortBindsAgain()
    {
        var first = await Node.UdpAsync(Ct);
        var port = first.Transport.LocalEndPoint.Port;
        await first.Host.StopAsync(Ct);
        await first.DisposeAsync();

        await using var second = await Node.UdpAsync(Ct, port: port);
        await using var peer = await Node.UdpAsync(Ct);
        await peer.Host.InvokeAsync(_ => peer.Engine.Sender.Send(second.Transport.LocalAddress, Frames.Request(3)), Ct);

        Assert.Equal(port, second.Transport.LocalEndPoint.Port);
        await peer.Engine.WaitForAsync(3, MessageKind.Response, Ct);
    }

    [Fact]
    public async Task Start_Twice_Throws()
    {
        await using var transport = new UdpTransport(new UdpTransportOptions());
        transport.Start(new RefusingReceiver(1));

        Assert.Throws<InvalidOperationException>(() => transport.Start(new RefusingReceiver(1)));
    }

    [Fact]
    public void Options_InvalidValues_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UdpTransportOptions { SocketReceiveBufferSize = 0 });
        Assert.Throws<ArgumentNullException>(() => new UdpTransportOptions { EndPoint = null! });
    }

    private static NodeAddress ClosedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return NodeAddress.FromEndPoint((IPEndPoint)socket.LocalEndPoint!);
    }

    private sealed class RefusingReceiver(int expected) : IPacketReceiver
    {
        private int _calls;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryReceive(NodeAddress from, ReadOnlyMemory<byte> packet)
        {
            if (Interlocked.Increment(ref _calls) >= expected)
            {
                Done.TrySetResult();
            }

            return false;
        }

        public ValueTask<bool> ReceiveAsync(NodeAddress from, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TryReceive(from, packet));
    }
}
