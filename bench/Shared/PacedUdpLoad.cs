using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Peerlink.Bench;

/// <summary>
/// One step of paced UDP load, shared by the benchmarks that measure how many requests a second a server
/// answers (mdns-bench's responder load, nat-bench's STUN load): a receiver thread hands every datagram
/// that comes back to a callback, while the caller's thread sends <c>total</c> datagrams at <c>rate</c> a
/// second in 1 ms batches against a Stopwatch (each patched by the caller, e.g. with a counter as its ID),
/// then waits for stragglers. The file is compiled into each bench project.
/// </summary>
internal static class PacedUdpLoad
{
    /// <summary>A datagram that came back.</summary>
    public delegate void Received(ReadOnlySpan<byte> datagram);

    /// <summary>Runs the step; returns how many were sent, how many sends failed, and how long sending took.</summary>
    public static (int Sent, int Errors, double SendSeconds) Run(
        Socket socket, EndPoint target, byte[] buffer, int total, int rate, Action<byte[], int> patch, Received received, TimeSpan stragglers)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.ReceiveTimeout = 100;
        var done = 0;
        var receiver = new Thread(() =>
        {
            var incoming = new byte[9000];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            while (Volatile.Read(ref done) == 0)
            {
                try
                {
                    received(incoming.AsSpan(0, socket.ReceiveFrom(incoming, ref from)));
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                    // Look at the done flag again.
                }
            }
        })
        { IsBackground = true, Name = "replies" };
        receiver.Start();

        var sent = 0;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        while (sent < total)
        {
            // Everything due by now goes out in this batch; then sleep into the next millisecond.
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                patch(buffer, sent);
                try
                {
                    socket.SendTo(buffer, target);
                }
                catch (SocketException)
                {
                    errors++;
                }
            }

            Thread.Sleep(1);
        }

        var sendSeconds = clock.Elapsed.TotalSeconds;
        Thread.Sleep(stragglers);
        Volatile.Write(ref done, 1);
        receiver.Join();
        return (sent, errors, sendSeconds);
    }
}
