using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Turn;

/// <summary>
/// Relayed transport addresses as real UDP sockets in a port range, each with a receive loop that hands
/// what peers send to <c>received</c>. Called by the engine (under the host's lock) to open and close.
/// </summary>
internal sealed class UdpRelayAllocator(IPAddress address, int minPort, int maxPort, int maxOpen, Action<IPEndPoint, IPEndPoint, byte[]> received) : IRelayAllocator, IAsyncDisposable
{
    // Ports tried per TryOpen before giving up (bounded work under the host's lock).
    private const int Attempts = 64;

    private readonly Dictionary<IPEndPoint, Relay> _open = [];
    private readonly CancellationTokenSource _closing = new();
    private long _sendErrors;

    public AddressFamily Family => address.AddressFamily;

    /// <summary>Relay sockets open now (allocations and reservations).</summary>
    public int Count
    {
        get
        {
            lock (_open)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Datagrams a relay socket could not send (a full buffer or an ICMP error).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public IPEndPoint? TryOpen(bool evenPort)
    {
        var span = maxPort - minPort + 1;
        var start = RandomNumberGenerator.GetInt32(span);
        for (var i = 0; i < Math.Min(Attempts, span); i++)
        {
            var port = minPort + ((start + i) % span);
            if (evenPort && port % 2 != 0)
            {
                port = port + 1 <= maxPort ? port + 1 : port - 1;
            }

            var endPoint = new IPEndPoint(address, port);
            if (port >= minPort && TryOpenAt(endPoint))
            {
                return endPoint;
            }
        }

        return null;
    }

    public bool TryOpenAt(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        lock (_open)
        {
            if (_open.Count >= maxOpen || _open.ContainsKey(endPoint) || _closing.IsCancellationRequested)
            {
                return false;
            }

            var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(endPoint);
                socket.Blocking = false;
            }
            catch (SocketException)
            {
                socket.Dispose();
                return false;
            }

            var relay = new Relay(socket);
            _open.Add(endPoint, relay);
            var token = _closing.Token;
            relay.Loop = Task.Run(() => DatagramLoop.RunAsync(socket, (from, bytes) => received(endPoint, from, bytes.ToArray()), token), CancellationToken.None);
            return true;
        }
    }

    public void Close(IPEndPoint relay)
    {
        lock (_open)
        {
            if (_open.Remove(relay, out var open))
            {
                open.Socket.Dispose();
            }
        }
    }

    /// <summary>Sends one datagram from <paramref name="relay"/>; never blocks, drops (and counts) when it cannot.</summary>
    public void Send(IPEndPoint relay, IPEndPoint peer, ReadOnlySpan<byte> bytes)
    {
        Socket socket;
        lock (_open)
        {
            if (!_open.TryGetValue(relay, out var open))
            {
                return;
            }

            socket = open.Socket;
        }

        try
        {
            socket.SendTo(bytes, SocketFlags.None, peer);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        List<Relay> all;
        lock (_open)
        {
            all = [.. _open.Values];
            _open.Clear();
        }

        foreach (var relay in all)
        {
            relay.Socket.Dispose();
        }

        await Task.WhenAll(all.Select(r => r.Loop)).ConfigureAwait(false);
        _closing.Dispose();
    }

    private sealed class Relay(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public Task Loop { get; set; } = Task.CompletedTask;
    }
}
