using System.Net;
using System.Net.Sockets;
using Peerlink.Hosting.Turn;
using Peerlink.Nat.Turn;

namespace Peerlink.Interop.Tests;

/// <summary>Our TURN client (engine and host, UDP and TCP) against coturn's turnserver on loopback, with a plain UDP socket as the peer.</summary>
public sealed class TurnClientInteropTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The next datagram the peer gets, or null after <paramref name="wait"/>.</summary>
    private static async Task<(IPEndPoint From, byte[] Data)?> ReceiveAsync(Socket peer, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[2_048];
        try
        {
            var result = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            return ((IPEndPoint)result.RemoteEndPoint, buffer[..result.ReceivedBytes]);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next data the client gets from a peer, or null after <paramref name="wait"/>.</summary>
    private static async Task<(IPEndPoint Peer, byte[] Data)?> ReceiveAsync(TurnClientHost client, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await client.Received.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends <paramref name="data"/> both ways between the client and the peer through the relay and checks it arrives whole.</summary>
    private static async Task EchoAsync(Session s, byte[] data)
    {
        await s.Client.SendAsync(s.PeerEndPoint, data, s.Token);
        var atPeer = await ReceiveAsync(s.Peer, Patience);
        Assert.NotNull(atPeer);
        Assert.Equal(s.Relayed, atPeer.Value.From);
        Assert.Equal(data, atPeer.Value.Data);

        var back = data.Reverse().ToArray();
        await s.Peer.SendToAsync(back, SocketFlags.None, s.Relayed, s.Token);
        var atClient = await ReceiveAsync(s.Client, Patience);
        Assert.NotNull(atClient);
        Assert.Equal(s.PeerEndPoint, atClient.Value.Peer);
        Assert.Equal(back, atClient.Value.Data);
    }

    private static async Task<(long SendIndications, long ChannelDataSent, long DataIndications, long ChannelDataReceived)> TrafficAsync(Session s)
    {
        var c = await s.Client.InvokeAsync((client, _) => client.Counters, s.Token);
        Assert.Equal(0, c.DataDropped + c.Malformed + c.IntegrityFailures);
        return (c.SendIndications, c.ChannelDataSent, c.DataIndications, c.ChannelDataReceived);
    }

    [RequiresToolFact("turnserver")]
    public async Task Allocate_Coturn_RelayedAddressOnLoopbackInItsPortRange()
    {
        await using var s = await Session.StartAsync();

        Assert.Equal(IPAddress.Loopback, s.Relayed.Address);
        Assert.InRange(s.Relayed.Port, s.Coturn.MinRelayPort, s.Coturn.MaxRelayPort);
        var (mapped, lifetime, realm) = await s.Client.InvokeAsync((c, _) => (c.MappedAddress, c.Lifetime, c.Realm), s.Token);
        Assert.Equal(s.Client.LocalEndPoint.Port, mapped!.Port);
        Assert.Equal(CoturnServer.Realm, realm);
        Assert.True(lifetime > TimeSpan.Zero, s.Coturn.Output);
    }

    [RequiresToolFact("turnserver")]
    public async Task SendIndication_ReachesThePeerFromTheRelayedAddress_AndItsReplyArrivesAsData()
    {
        await using var s = await Session.StartAsync();
        await s.Client.CreatePermissionAsync(IPAddress.Loopback, s.Token);

        await EchoAsync(s, "hello via coturn"u8.ToArray());

        Assert.Equal((1, 0, 1, 0), await TrafficAsync(s));
    }

    [RequiresToolFact("turnserver")]
    public async Task ChannelBind_ChannelDataBothWays()
    {
        await using var s = await Session.StartAsync();

        var channel = await s.Client.BindChannelAsync(s.PeerEndPoint, s.Token);

        Assert.Equal(0x4000, channel);
        Assert.Equal(channel, await s.Client.InvokeAsync((c, _) => c.ChannelOf(s.PeerEndPoint), s.Token));
        for (var i = 0; i < 5; i++)
        {
            // Lengths 17 to 21, so a padding mistake would show.
            await EchoAsync(s, [.. Enumerable.Range(0, 17 + i).Select(b => (byte)(b + i))]);
        }

        Assert.Equal((0, 5, 0, 5), await TrafficAsync(s));
    }

    [RequiresToolFact("turnserver")]
    public async Task Tcp_AllocateSendIndicationChannelDataAndRelease()
    {
        await using var s = await Session.StartAsync(TurnClientTransport.Stream);
        await s.Client.CreatePermissionAsync(IPAddress.Loopback, s.Token);

        await EchoAsync(s, "over tcp"u8.ToArray());
        await s.Client.BindChannelAsync(s.PeerEndPoint, s.Token);
        await EchoAsync(s, [1, 2, 3, 4, 5, 6, 7]);
        await EchoAsync(s, [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal(IPAddress.Loopback, s.Relayed.Address);
        Assert.Equal((1, 2, 1, 2), await TrafficAsync(s));
        Assert.True(await s.Client.ReleaseAsync(s.Token), s.Coturn.Output);
    }

    [RequiresToolFact("turnserver")]
    public async Task Refresh_ThenRelease_BothAcceptedByCoturn()
    {
        await using var s = await Session.StartAsync();

        var lifetime = await s.Client.RefreshAsync(s.Token);
        var confirmed = await s.Client.ReleaseAsync(s.Token);

        Assert.True(lifetime > TimeSpan.Zero, s.Coturn.Output);
        Assert.True(confirmed, s.Coturn.Output);
        Assert.Equal(TurnClientState.Released, await s.Client.InvokeAsync((c, _) => c.State, s.Token));
    }

    [RequiresToolFact("turnserver")]
    public async Task Refresh_CoturnGrants4Seconds_RefreshedAt3SecondsOnItsOwn_RelayOutlivesTheFirstLifetime()
    {
        var options = new TurnClientOptions { Username = CoturnServer.User, Password = CoturnServer.Password, RefreshMargin = TimeSpan.FromSeconds(1) };
        await using var s = await Session.StartAsync(options, "--max-allocate-lifetime=4");
        Assert.Equal(TimeSpan.FromSeconds(4), await s.Client.InvokeAsync((c, _) => c.Lifetime, s.Token));
        await s.Client.BindChannelAsync(s.PeerEndPoint, s.Token);

        // The refresh goes at 3 s; at 5 s the first lifetime is over, and only the refresh keeps the relay alive.
        await Task.Delay(TimeSpan.FromSeconds(5), s.Token);

        var (state, refreshes, lifetime) = await s.Client.InvokeAsync((c, _) => (c.State, c.Counters.Refreshes, c.Lifetime), s.Token);
        Assert.Equal(TurnClientState.Allocated, state);
        Assert.Equal(1, refreshes);
        Assert.True(lifetime > TimeSpan.Zero); // coturn 4.6.1 grants 600 s to this Refresh: --max-allocate-lifetime binds Allocate only
        await EchoAsync(s, [1, 2, 3]);
    }

    [RequiresToolFact("turnserver")]
    public async Task StaleNonce_CoturnNonceOutlived_RequestRetriedWithTheNewNonce()
    {
        var options = new TurnClientOptions { Username = CoturnServer.User, Password = CoturnServer.Password };
        await using var s = await Session.StartAsync(options, "--stale-nonce=2");

        await Task.Delay(TimeSpan.FromSeconds(3), s.Token);
        await s.Client.CreatePermissionAsync(IPAddress.Loopback, s.Token);

        Assert.Equal(1, await s.Client.InvokeAsync((c, _) => c.Counters.StaleNonceRetries, s.Token));
        await EchoAsync(s, [4, 5, 6]);
    }

    [RequiresToolFact("turnserver")]
    public async Task Allocate_WrongPassword_Fails401SayingTheCredentialsWereRefused()
    {
        var error = await Assert.ThrowsAsync<TurnClientException>(() => Session.StartAsync(password: "WRONG"));

        Assert.Equal(401, error.Code);
        Assert.Contains("refused user 'alice' in realm 'example.org'", error.Message, StringComparison.Ordinal);
    }

    [RequiresToolFact("turnserver")]
    public async Task PeerDatagram_WithoutPermission_NotDelivered_WithOneItIs()
    {
        await using var s = await Session.StartAsync();

        await s.Peer.SendToAsync("no permission"u8.ToArray(), SocketFlags.None, s.Relayed, s.Token);

        Assert.Null(await ReceiveAsync(s.Client, TimeSpan.FromSeconds(1)));

        // The same once a permission exists: the path itself works.
        await s.Client.CreatePermissionAsync(IPAddress.Loopback, s.Token);
        await s.Peer.SendToAsync("permitted"u8.ToArray(), SocketFlags.None, s.Relayed, s.Token);
        var atClient = await ReceiveAsync(s.Client, Patience);
        Assert.NotNull(atClient);
        Assert.Equal("permitted"u8.ToArray(), atClient.Value.Data);
    }

    /// <summary>A coturn server, our client with an allocation on it, and a UDP socket as the peer; all torn down together.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

        private Session(CoturnServer coturn, TurnClientHost client)
        {
            Coturn = coturn;
            Client = client;
            Peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            Peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        public CoturnServer Coturn { get; }

        public TurnClientHost Client { get; }

        public Socket Peer { get; }

        public IPEndPoint PeerEndPoint => (IPEndPoint)Peer.LocalEndPoint!;

        public IPEndPoint Relayed { get; private set; } = null!;

        public CancellationToken Token => _timeout.Token;

        /// <summary>Starts coturn and allocates on it; everything is disposed again when the allocation fails.</summary>
        public static Task<Session> StartAsync(TurnClientTransport transport = TurnClientTransport.Udp, string password = CoturnServer.Password) =>
            StartAsync(new TurnClientOptions { Username = CoturnServer.User, Password = password, Transport = transport });

        /// <summary>Starts coturn (with <paramref name="coturnArguments"/> added) and allocates on it with <paramref name="options"/>.</summary>
        public static async Task<Session> StartAsync(TurnClientOptions options, params string[] coturnArguments)
        {
            var coturn = CoturnServer.Start(coturnArguments);
            var session = new Session(coturn, new TurnClientHost(coturn.EndPoint, options, seed: Environment.ProcessId));
            try
            {
                session.Relayed = await session.Client.AllocateAsync(session.Token);
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            Peer.Dispose();
            Coturn.Dispose();
            _timeout.Dispose();
        }
    }
}
