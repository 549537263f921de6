using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Peerlink.Nat.Ice;

namespace Peerlink.Hosting.Ice;

/// <summary>
/// Binds an <see cref="IceAgent"/> to one UDP socket (its one host candidate) and a real clock. One loop
/// owns the agent: it receives with a timeout that ends at the agent's <see cref="IceAgent.NextDeadline"/>,
/// polls, and sends what the agent queued; <see cref="SendAsync"/> hands data to the same loop. Server
/// reflexive and relayed candidates are the caller's to add (through <see cref="InvokeAsync"/>); relayed
/// ones are not sent through TURN here yet.
/// </summary>
public sealed class IceHost : IAsyncDisposable
{
    private const int MaxDatagramLength = 65_535;

    // The loop wakes at least this often, so work handed in by other threads never waits long.
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(20);

    private readonly IceAgent _agent;
    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Channel<Action<TimeSpan>> _work = Channel.CreateUnbounded<Action<TimeSpan>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<IceDataReceived> _received = Channel.CreateBounded<IceDataReceived>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource<IceCandidatePair> _selected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    /// <summary>
    /// Takes <paramref name="boundSocket"/>, a UDP socket bound to one local address (not a wildcard), and
    /// adds it to <paramref name="agent"/> as a host candidate. The socket is disposed with the host.
    /// </summary>
    public IceHost(IceAgent agent, Socket boundSocket, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(boundSocket);
        _agent = agent;
        _socket = boundSocket;
        _time = timeProvider ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        LocalEndPoint = (IPEndPoint)(boundSocket.LocalEndPoint ?? throw new ArgumentException("the socket is not bound", nameof(boundSocket)));
        if (LocalEndPoint.Address.Equals(IPAddress.Any) || LocalEndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("a host candidate needs a bound address, not a wildcard", nameof(boundSocket));
        }

        agent.AddLocalCandidate(IceCandidate.Host(LocalEndPoint));
    }

    /// <summary>The socket's address: the host candidate.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Completes with the selected pair once ICE has completed.</summary>
    public Task<IceCandidatePair> Selected => _selected.Task;

    /// <summary>Application data that arrived (not STUN); the oldest is dropped when nobody reads.</summary>
    public ChannelReader<IceDataReceived> Received => _received.Reader;

    /// <summary>Starts the loop.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_closing.Token));

    /// <summary>Runs <paramref name="work"/> on the loop, with the agent's <c>now</c>.</summary>
    public Task<T> InvokeAsync<T>(Func<IceAgent, TimeSpan, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(now =>
        {
            try
            {
                done.TrySetResult(work(_agent, now));
            }
#pragma warning disable CA1031 // Not swallowed: the caller's work failed, and the caller's task carries the exception.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.TrySetException(e);
            }
        }))
        {
            done.TrySetException(new ObjectDisposedException(nameof(IceHost)));
        }

        return done.Task;
    }

    /// <summary>Sends data on the selected pair; false when none is selected yet.</summary>
    public Task<bool> SendAsync(ReadOnlyMemory<byte> data) => InvokeAsync((agent, now) => agent.Send(now, data.Span));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _work.Writer.TryComplete();
        await _closing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        _socket.Dispose();
        _closing.Dispose();
        _received.Writer.TryComplete();
        _selected.TrySetCanceled();
    }

    private TimeSpan Now => _time.GetElapsedTime(_start);

    private async Task RunAsync(CancellationToken cancel)
    {
        var buffer = new byte[MaxDatagramLength];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!cancel.IsCancellationRequested)
        {
            while (_work.Reader.TryRead(out var work))
            {
                work(Now);
            }

            if (_agent.NextDeadline is { } deadline && deadline <= Now)
            {
                _agent.Poll(Now);
            }

            Flush();
            var wait = _agent.NextDeadline is { } next ? next - Now : MaxWait;
            wait = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > MaxWait ? MaxWait : wait;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(wait);
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, timeout.Token).ConfigureAwait(false);
                _agent.Receive(Now, LocalEndPoint, (IPEndPoint)result.RemoteEndPoint, buffer.AsSpan(0, result.ReceivedBytes));
                Flush();
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // The wait ended: time to poll.
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send (connection reset on Linux UDP): ordinary loss to ICE.
            }
        }
    }

    private void Flush()
    {
        foreach (var d in _agent.TakeDatagrams())
        {
            try
            {
                _socket.SendTo(d.Payload.Span, SocketFlags.None, d.To);
            }
            catch (SocketException)
            {
                // Unreachable or a full buffer: ICE retransmits checks, and the application's data is best effort.
            }
        }

        foreach (var e in _agent.TakeEvents())
        {
            switch (e)
            {
                case IcePairSelected s:
                    _selected.TrySetResult(s.Pair);
                    break;
                case IceDataReceived data:
                    _received.Writer.TryWrite(data);
                    break;
                case IceFailed:
                    _selected.TrySetException(new InvalidOperationException("ICE failed: every candidate pair failed"));
                    break;
                default:
                    break;
            }
        }
    }
}
