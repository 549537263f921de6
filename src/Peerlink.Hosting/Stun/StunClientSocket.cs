using System.Net;
using System.Net.Sockets;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Hosting.Stun;

/// <summary>
/// STUN requests from one UDP socket with a real clock: <see cref="StunTransactions"/> does the
/// retransmission (RFC 8489 §6.2.1) and this class the sending, receiving and waiting. One loop receives,
/// one waits for the table's next deadline; both take a lock around the table. Datagrams that are not a
/// response to an outstanding request are counted in <see cref="StunTransactions.Unmatched"/> and dropped.
/// </summary>
public sealed class StunClientSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StunTransactions _table;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _gate = new();
    private readonly Dictionary<Bytes, TaskCompletionSource<StunTransactionResult>> _waiting = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly Task _timing;

    /// <summary>Binds a UDP socket to <paramref name="local"/> (port 0 picks one) and starts its loops.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public StunClientSocket(IPEndPoint local, StunTransactionOptions? options = null, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        _time = time ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
        _table = new StunTransactions(random ?? new Random(), options);
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(local);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiving = Task.Run(ReceiveLoopAsync);
        _timing = Task.Run(TimerLoopAsync);
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams that answered no outstanding request.</summary>
    public long Unmatched
    {
        get
        {
            lock (_gate)
            {
                return _table.Unmatched;
            }
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>
    /// The local address this host would use to reach <paramref name="server"/> (the kernel's route lookup,
    /// by connecting a UDP socket; nothing is sent).
    /// </summary>
    public static IPAddress RouteTo(IPEndPoint server)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var probe = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(server);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }

    /// <summary>A Binding request with <paramref name="attributes"/>, to <paramref name="server"/>.</summary>
    public Task<StunTransactionResult> BindingAsync(IPEndPoint server, IEnumerable<StunAttributeEntry>? attributes = null, CancellationToken cancellationToken = default)
    {
        Bytes id;
        lock (_gate)
        {
            id = _table.NewTransactionId();
        }

        var request = new StunMessage(StunClass.Request, StunMethod.Binding, id) { Attributes = [.. attributes ?? []] };
        return RequestAsync(server, StunCodec.Encode(request, fingerprint: true), cancellationToken);
    }

    /// <summary>Sends an encoded request and waits until it is answered or times out (the result says which).</summary>
    public async Task<StunTransactionResult> RequestAsync(IPEndPoint server, byte[] request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var done = new TaskCompletionSource<StunTransactionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Bytes id;
        IReadOnlyList<(IPEndPoint To, byte[] Bytes)> sends;
        lock (_gate)
        {
            id = _table.Start(Now, server, request);
            _waiting[id] = done;
            sends = _table.DrainSends();
        }

        await SendAsync(sends).ConfigureAwait(false);
        _wake.Release();
        using (cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _table.Cancel(id);
                _waiting.Remove(id);
            }

            done.TrySetCanceled(cancellationToken);
        }))
        {
            return await done.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Stops both loops and closes the socket; outstanding requests are cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_receiving, _timing).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var waiting in _waiting.Values)
            {
                waiting.TrySetCanceled();
            }

            _waiting.Clear();
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP port unreachable from an earlier send shows up here on Linux; the transaction retransmits.
                continue;
            }

            lock (_gate)
            {
                _table.Receive(Now, (IPEndPoint)received.RemoteEndPoint, buffer.AsSpan(0, received.ReceivedBytes));
            }

            Complete();
        }
    }

    private async Task TimerLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan wait;
            IReadOnlyList<(IPEndPoint To, byte[] Bytes)> sends;
            lock (_gate)
            {
                _table.Poll(Now);
                sends = _table.DrainSends();
                wait = _table.NextDeadline is { } next ? TimeSpan.FromTicks(Math.Max(0, (next - Now).Ticks)) : Timeout.InfiniteTimeSpan;
            }

            await SendAsync(sends).ConfigureAwait(false);
            Complete();
            try
            {
                await _wake.WaitAsync(wait, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Complete()
    {
        List<(TaskCompletionSource<StunTransactionResult>, StunTransactionResult)> ended = [];
        lock (_gate)
        {
            foreach (var result in _table.DrainResults())
            {
                if (_waiting.Remove(result.TransactionId, out var waiting))
                {
                    ended.Add((waiting, result));
                }
            }
        }

        foreach (var (waiting, result) in ended)
        {
            waiting.TrySetResult(result);
        }
    }

    private async Task SendAsync(IReadOnlyList<(IPEndPoint To, byte[] Bytes)> sends)
    {
        foreach (var (to, bytes) in sends)
        {
            try
            {
                await _socket.SendToAsync(bytes, SocketFlags.None, to, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A failed send is a lost datagram: the transaction's retransmission covers it.
            }
        }
    }
}
