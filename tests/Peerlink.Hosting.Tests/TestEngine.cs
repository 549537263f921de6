using System.Threading.Channels;
using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Hosting.Tests;

/// <summary>A packet as the engine saw it.</summary>
internal sealed record Arrival(TimeSpan Now, NodeAddress From, byte[] Packet)
{
    public uint TransactionId => Frames.TransactionId(Packet);

    public MessageKind Kind => Frames.Kind(Packet);
}

/// <summary>
/// A small engine for host tests: answers requests with an echo response to the packet's source,
/// reports every arrival and every Poll on channels the test reads with a timeout, can be told to
/// throw, and notices if two calls ever overlap (the host must serialise them).
/// </summary>
internal sealed class TestEngine(NodeAddress address, IPacketSender sender) : IProtocolEngine
{
    private readonly Channel<Arrival> _arrivals = Channel.CreateUnbounded<Arrival>();
    private readonly Channel<TimeSpan> _polls = Channel.CreateUnbounded<TimeSpan>();
    private int _inside;
    private int _overlaps;
    private TimeSpan? _deadline;

    public NodeAddress Address { get; } = address;

    public IPacketSender Sender { get; } = sender;

    /// <summary>Every Receive, in order.</summary>
    public ChannelReader<Arrival> Arrivals => _arrivals.Reader;

    /// <summary>The <c>now</c> of every Poll (including those that threw), in order.</summary>
    public ChannelReader<TimeSpan> Polls => _polls.Reader;

    /// <summary>How many times a call began while another was still running.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    /// <summary>The deadline to report; set before start or from the loop.</summary>
    public TimeSpan? Deadline
    {
        get => _deadline;
        set => _deadline = value;
    }

    /// <summary>Packets with this transaction ID make Receive throw.</summary>
    public uint? ThrowOnTransaction { get; set; }

    /// <summary>What Poll does after recording itself; returns the next deadline. Default: no deadline.</summary>
    public Func<TimeSpan, TimeSpan?> OnPoll { get; set; } = _ => null;

    /// <summary>Whether requests are answered.</summary>
    public bool Echo { get; set; } = true;

    /// <summary>Receives since start (loop-only counter; read through the host).</summary>
    public int Received { get; private set; }

    public TimeSpan? NextDeadline
    {
        get
        {
            Enter();
            try
            {
                return _deadline;
            }
            finally
            {
                Exit();
            }
        }
    }

    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        Enter();
        try
        {
            Received++;
            var bytes = packet.ToArray();
            _arrivals.Writer.TryWrite(new Arrival(now, from, bytes));
            if (bytes.Length >= P2ppHeader.FixedLength && Frames.TransactionId(bytes) == ThrowOnTransaction)
            {
                throw new InvalidOperationException("test engine fault");
            }

            if (Echo && bytes.Length >= P2ppHeader.FixedLength && Frames.Kind(bytes) == MessageKind.Request)
            {
                Sender.Send(from, Frames.ToResponse(bytes));
            }
        }
        finally
        {
            Exit();
        }
    }

    public void Poll(TimeSpan now)
    {
        Enter();
        try
        {
            _polls.Writer.TryWrite(now);
            _deadline = OnPoll(now);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Reads arrivals until one with <paramref name="transactionId"/> and <paramref name="kind"/>.</summary>
    public async Task<Arrival> WaitForAsync(uint transactionId, MessageKind kind, CancellationToken cancellationToken)
    {
        while (true)
        {
            var arrival = await Arrivals.ReadAsync(cancellationToken);
            if (arrival.Packet.Length >= P2ppHeader.FixedLength && arrival.TransactionId == transactionId && arrival.Kind == kind)
            {
                return arrival;
            }
        }
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        // Widen the window in which an unserialised caller would be caught.
        Thread.SpinWait(20);
    }

    private void Exit() => Interlocked.Decrement(ref _inside);
}
