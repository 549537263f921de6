using System.Net;
using Microsoft.Extensions.Logging;

namespace Peerlink.Hosting.Tests;

/// <summary>A test engine on real sockets: transport, engine and host, disposed together.</summary>
internal sealed class Node<TTransport> : IAsyncDisposable
    where TTransport : IPacketTransport
{
    public Node(TTransport transport, ILoggerFactory? logs = null, TimeProvider? time = null)
    {
        Transport = transport;
        Engine = new TestEngine(transport.LocalAddress, transport);
        Host = new EngineHost(Engine, transport, new EngineHostOptions(), time, logs);
    }

    public TTransport Transport { get; }

    public TestEngine Engine { get; }

    public EngineHost Host { get; }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

internal static class Node
{
    public static async Task<Node<UdpTransport>> UdpAsync(CancellationToken cancellationToken, IPAddress? address = null, int port = 0)
    {
        var node = new Node<UdpTransport>(new UdpTransport(new UdpTransportOptions { EndPoint = new IPEndPoint(address ?? IPAddress.Loopback, port) }));
        await node.Host.StartAsync(cancellationToken);
        return node;
    }

    public static async Task<Node<TcpTransport>> TcpAsync(CancellationToken cancellationToken, TcpTransportOptions? options = null, ILoggerFactory? logs = null)
    {
        var node = new Node<TcpTransport>(new TcpTransport(options ?? new TcpTransportOptions(), loggerFactory: logs), logs);
        await node.Host.StartAsync(cancellationToken);
        return node;
    }
}
