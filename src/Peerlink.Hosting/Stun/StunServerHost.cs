using System.Net;
using System.Net.Sockets;
using Peerlink.Nat.Stun;

namespace Peerlink.Hosting.Stun;

/// <summary>
/// Runs a <see cref="StunServer"/> on UDP sockets: one (a plain Binding server) or the four of an RFC 5780
/// server (two IPs × two ports), each read by a thread of its own with blocking receives into one buffer,
/// which keeps the per-request cost to the engine's work (no task or endpoint per datagram). Replies go
/// out of the socket the engine names. The engine is called under a lock, so the four threads share it.
/// </summary>
public sealed class StunServerHost : IDisposable
{
    /// <summary>Asked of each socket's receive buffer (the kernel caps it at net.core.rmem_max): room for bursts.</summary>
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;

    private readonly StunServer _engine;
    private readonly List<Socket> _sockets = [];
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;

    /// <summary>Binds every socket; nothing is answered until <see cref="Start"/>.</summary>
    /// <exception cref="SocketException">An address cannot be bound (the sockets bound so far are closed).</exception>
    public StunServerHost(StunServer engine, IEnumerable<IPEndPoint> endPoints)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        ArgumentNullException.ThrowIfNull(endPoints);
        try
        {
            foreach (var endPoint in endPoints)
            {
                var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = ReceiveBufferBytes };
                _sockets.Add(socket);
                ForceReceiveBuffer(socket);
                socket.Bind(endPoint);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The bound endpoints, in the order given.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => [.. _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!)];

    /// <summary>Starts one receiving thread per socket.</summary>
    public void Start()
    {
        foreach (var socket in _sockets)
        {
            var thread = new Thread(() => Serve(socket)) { IsBackground = true, Name = $"stun {socket.LocalEndPoint}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>Closes the sockets, which ends the threads, and waits for them.</summary>
    public void Dispose()
    {
        _stopping = true;
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>
    /// SO_RCVBUFFORCE (socket(7)): with CAP_NET_ADMIN the buffer may exceed net.core.rmem_max, so a burst of
    /// requests waits in the kernel instead of being dropped while the thread is descheduled. Without the
    /// capability the capped SO_RCVBUF stays.
    /// </summary>
    private static void ForceReceiveBuffer(Socket socket)
    {
        const int SolSocket = 1, SoRcvBufForce = 33;
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(ReceiveBufferBytes));
        }
        catch (SocketException)
        {
            // Not permitted: keep the capped buffer.
        }
    }

    private void Serve(Socket socket)
    {
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var buffer = new byte[2048];
        var address = new SocketAddress(local.AddressFamily);
        while (!_stopping)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (SocketException) when (!_stopping)
            {
                continue; // An ICMP error for an earlier reply (the client went away).
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var from = (IPEndPoint)local.Create(address);
            StunReply? reply;
            lock (_engine)
            {
                reply = _engine.Handle(local, from, buffer.AsSpan(0, length));
            }

            if (reply is null)
            {
                continue;
            }

            var sender = reply.From is null ? socket : _sockets.Find(s => s.LocalEndPoint!.Equals(reply.From)) ?? socket;
            try
            {
                sender.SendTo(reply.Bytes, SocketFlags.None, reply.To);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The reply is lost; the client retransmits (RFC 8489 §6.2.1).
            }
        }
    }
}
