using System.Net;
using System.Net.Sockets;

namespace Peerlink.Hosting.Turn;

/// <summary>What a <see cref="DatagramLoop"/> hands on: the sender and the bytes (valid only during the call).</summary>
internal delegate void DatagramHandler(IPEndPoint from, ReadOnlySpan<byte> bytes);

/// <summary>The receive loop of the TURN host's UDP sockets (the listening one and each relay).</summary>
internal static class DatagramLoop
{
    /// <summary>
    /// Receives until the socket closes or <paramref name="token"/> is cancelled. ICMP errors for earlier sends
    /// (Linux reports port unreachable as a reset or a refusal) and oversized datagrams are skipped: the socket is fine.
    /// </summary>
    public static async Task RunAsync(Socket socket, DatagramHandler handle, CancellationToken token)
    {
        var buffer = new byte[UdpTransport.MaxDatagramLength];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
            {
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return; // closed
            }

            handle((IPEndPoint)result.RemoteEndPoint, buffer.AsSpan(0, result.ReceivedBytes));
        }
    }
}
