using System.Net;
using System.Net.Sockets;
using Peerlink.Sip.Media;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Hosting.Sip;

/// <summary>
/// Runs a <see cref="SipUserAgent"/> on real sockets with the real clock: one UDP socket for SIP, and per call one
/// for RTP (an even port from the range) and one for RTCP (the next port; with rtcp-mux RTCP comes on the RTP port
/// too), each read by its own thread. A loop thread polls the UA at its deadlines (every 20 ms while media flows),
/// feeds each call the WAV to play (or silence), and writes what it receives to a WAV. The UA is called under one
/// lock; events go to <see cref="SipHostOptions"/>' callback outside it. Send errors and drops are counted and
/// reported as host messages.
/// </summary>
public sealed class SipHost : IDisposable
{
    private const int TopUpSamples = 8000 / 5; // 200 ms of audio ahead in each call's queue

    private readonly object _gate = new();
    private readonly object _delivering = new();
    private readonly SipHostOptions _options;
    private readonly Action<SipHostEvent> _onEvent;
    private readonly Socket _sip;
    private readonly MediaPorts _ports;
    private readonly SipUserAgent _ua;
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly long _started;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Dictionary<SipCall, CallMedia> _media = [];
    private readonly List<Thread> _threads = [];
    private readonly List<SipHostEvent> _pending = [];
    private volatile bool _stopping;

    /// <summary>Binds the SIP socket; nothing runs until <see cref="Start"/>.</summary>
    /// <exception cref="SocketException">The SIP address cannot be bound.</exception>
    /// <exception cref="ArgumentException">The bind address is a wildcard (it must go into SDP and Contact).</exception>
    public SipHost(SipHostOptions options, Action<SipHostEvent>? onEvent = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Bind.Address.Equals(IPAddress.Any) || options.Bind.Address.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("bind a concrete address: it is what Contact and SDP tell the peer", nameof(options));
        }

        if (options.MediaPortMin is < 1024 or > 65534 || options.MediaPortMax < options.MediaPortMin || options.MediaPortMax > 65534)
        {
            throw new ArgumentException("the media port range must lie within 1024-65534", nameof(options));
        }

        _onEvent = onEvent ?? (_ => { });
        _started = _clock.GetTimestamp();
        _sip = new Socket(options.Bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        try
        {
            _sip.Bind(options.Bind);
        }
        catch
        {
            _sip.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_sip.LocalEndPoint!;
        _ports = new MediaPorts(this);
        _ua = new SipUserAgent(
            new SipUserAgentOptions
            {
                LocalEndPoint = LocalEndPoint,
                AnswerMode = options.AnswerMode,
                MaxCalls = options.MaxCalls,
                BusyStatus = options.BusyStatus,
                UserName = options.UserName,
                FromUri = options.FromUri,
            },
            options.Seed is { } seed ? new Random(seed) : new Random(),
            _ports);
    }

    /// <summary>The bound SIP address.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Time since the host was made, on the real clock.</summary>
    public TimeSpan Now => _clock.GetElapsedTime(_started);

    /// <summary>SIP datagrams received.</summary>
    public long SipReceived { get; private set; }

    /// <summary>SIP datagrams sent.</summary>
    public long SipSent { get; private set; }

    /// <summary>Datagrams (SIP or media) the OS refused to send.</summary>
    public long SendErrors { get; private set; }

    /// <summary>RTP and RTCP datagrams received.</summary>
    public long MediaReceived { get; private set; }

    /// <summary>RTP and RTCP datagrams sent.</summary>
    public long MediaSent { get; private set; }

    /// <summary>The user agent's counters (read them under no lock: they are advisory).</summary>
    public SipUserAgent UserAgent => _ua;

    /// <summary>Starts the receiving and polling threads.</summary>
    public void Start()
    {
        StartThread("sip " + LocalEndPoint, ReceiveSip);
        StartThread("sip poll", Loop);
    }

    /// <summary>Calls <paramref name="requestUri"/> at <paramref name="destination"/> (see <see cref="SipUserAgent.Call"/>).</summary>
    /// <exception cref="ArgumentException">Not a SIP URI.</exception>
    /// <exception cref="InvalidOperationException">No media port is free.</exception>
    public SipCall Call(string requestUri, IPEndPoint destination, Peerlink.Sip.Message.SipNameAddress? to = null) => Run(now => _ua.Call(now, requestUri, destination, to: to));

    /// <summary>Hangs up (BYE, CANCEL or a refusal, as the call's state asks).</summary>
    public void Hangup(SipCall call) => Run(now => { _ua.Hangup(now, call); return 0; });

    /// <summary>Hangs up every call.</summary>
    public void HangupAll() => Run(now =>
    {
        foreach (var call in _ua.Calls)
        {
            _ua.Hangup(now, call);
        }

        return 0;
    });

    /// <summary>Answers a ringing call (ask mode).</summary>
    public void Accept(SipCall call) => Run(now => { _ua.Accept(now, call); return 0; });

    /// <summary>Refuses a ringing call (ask mode).</summary>
    public void Reject(SipCall call, int status = 603) => Run(now => { _ua.Reject(now, call, status); return 0; });

    /// <summary>Calls not yet over.</summary>
    public IReadOnlyList<SipCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _ua.Calls;
            }
        }
    }

    /// <summary>Stops the threads, writes unfinished recordings, closes every socket.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _sip.Dispose();
        lock (_gate)
        {
            foreach (var media in _media.Values.ToList())
            {
                Finish(media);
            }

            _ports.CloseAll();
        }

        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        _wake.Dispose();
        Deliver();
    }

    private T Run<T>(Func<TimeSpan, T> action)
    {
        T result;
        lock (_gate)
        {
            result = action(Now);
            Flush(Now);
        }

        _wake.Set();
        Deliver();
        return result;
    }

    private void StartThread(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        _threads.Add(thread);
        thread.Start();
    }

    private void Loop()
    {
        while (!_stopping)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = Now;
                _ua.Poll(now);
                Flush(now);
                var next = _ua.NextDeadline;
                wait = next is { } n ? n - Now : TimeSpan.FromSeconds(1);
            }

            Deliver();
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    _wake.WaitOne(wait);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }

    private void ReceiveSip() => ReceiveLoop(_sip, 65536, (datagram, from) =>
    {
        lock (_gate)
        {
            SipReceived++;
            _ua.Receive(Now, datagram, from);
            Flush(Now);
        }

        _wake.Set();
        Deliver();
    });

    private void ReceiveMedia(Socket socket, int rtpPort) => ReceiveLoop(socket, 2048, (datagram, _) =>
    {
        lock (_gate)
        {
            MediaReceived++;
            if (_media.Values.FirstOrDefault(m => m.Port == rtpPort) is { } media)
            {
                _ua.ReceiveMedia(Now, media.Call, datagram);
            }
        }
    });

    // One socket's receive thread until the host stops: ICMP errors for earlier sends are skipped, a closed socket ends it.
    private void ReceiveLoop(Socket socket, int bufferSize, DatagramHandler handle)
    {
        var buffer = new byte[bufferSize];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            EndPoint from = any;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException e) when (!_stopping && e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
            {
                continue; // An ICMP error for an earlier send.
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            handle(buffer.AsSpan(0, length), (IPEndPoint)from);
        }
    }

    private delegate void DatagramHandler(ReadOnlySpan<byte> datagram, IPEndPoint from);

    /// <summary>Sends what the UA has for the wire, and moves each call's audio both ways. Under the lock.</summary>
    private void Flush(TimeSpan now)
    {
        foreach (var d in _ua.DrainSends())
        {
            try
            {
                _sip.SendTo(d.Bytes, d.To);
                SipSent++;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                SendErrors++;
                _pending.Add(new SipHostEvent(now, null, $"SIP send to {d.To} failed: {e.Message}"));
            }
        }

        foreach (var e in _ua.DrainEvents())
        {
            _pending.Add(new SipHostEvent(now, e));
        }

        foreach (var call in _ua.Calls.Concat(_media.Keys).Distinct().ToList())
        {
            if (call.Media is not { } session)
            {
                continue;
            }

            if (!_media.TryGetValue(call, out var media))
            {
                if (_ports.Find(call.LocalMediaPort) is not { } pair)
                {
                    continue;
                }

                media = new CallMedia(call, pair.Port, pair.Rtp, pair.Rtcp, RecordPath(call));
                _media[call] = media;
            }

            TopUp(media, session);
            foreach (var d in session.DrainDatagrams())
            {
                var to = d.Channel == RtpChannel.Rtp ? call.RemoteMedia : call.RemoteControl;
                if (to is null)
                {
                    continue;
                }

                try
                {
                    (d.Channel == RtpChannel.Rtp || call.RtcpMux ? media.Rtp : media.Rtcp).SendTo(d.Bytes, to);
                    MediaSent++;
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    SendErrors++;
                }
            }

            foreach (var frame in session.DrainAudio())
            {
                media.Recorded?.AddRange(frame.Samples);
            }

            if (call.State == SipCallState.Ended)
            {
                Finish(media);
            }
        }
    }

    private void TopUp(CallMedia media, RtpSession session)
    {
        if (media.Call.State == SipCallState.Ended || session.QueuedSamples >= TopUpSamples)
        {
            return;
        }

        var chunk = new short[TopUpSamples];
        if (_options.Play is { Samples.Length: > 0 } play)
        {
            var filled = 0;
            while (filled < chunk.Length && (media.PlayPosition < play.Samples.Length || _options.Loop))
            {
                if (media.PlayPosition >= play.Samples.Length)
                {
                    media.PlayPosition = 0;
                }

                var take = Math.Min(chunk.Length - filled, play.Samples.Length - media.PlayPosition);
                play.Samples.AsSpan(media.PlayPosition, take).CopyTo(chunk.AsSpan(filled));
                filled += take;
                media.PlayPosition += take;
            }
        }

        session.EnqueueAudio(chunk);
    }

    private void Finish(CallMedia media)
    {
        _media.Remove(media.Call);
        if (media.Recorded is { } samples && media.RecordPath is { } path)
        {
            try
            {
                File.WriteAllBytes(path, WavFile.Encode(8000, samples.ToArray()));
                _pending.Add(new SipHostEvent(Now, null, $"call {media.Call.Number}: recorded {samples.Count / 8000.0:0.0} s to {path}"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _pending.Add(new SipHostEvent(Now, null, $"call {media.Call.Number}: cannot write {path}: {e.Message}"));
            }
        }

        if (media.Call.Media is { } s)
        {
            var r = s.Reception;
            _pending.Add(new SipHostEvent(Now, null, $"call {media.Call.Number}: media sent {s.PacketsSent}, received {s.PacketsReceived}, lost {r.CumulativeLost}, dropped {s.Malformed} malformed, {s.UnknownPayloadType} unknown payload type, {s.SequenceJumps} sequence jumps"));
        }

        _ports.Close(media.Port);
    }

    private string? RecordPath(SipCall call)
    {
        if (_options.Record is not { } path)
        {
            return null;
        }

        return _options.RecordPerCall
            ? Path.Combine(Path.GetDirectoryName(path) ?? ".", $"{Path.GetFileNameWithoutExtension(path)}-{call.Number}{Path.GetExtension(path)}")
            : path;
    }

    /// <summary>Hands the events out in the order they happened: one thread at a time takes and delivers them.</summary>
    private void Deliver()
    {
        lock (_delivering)
        {
            List<SipHostEvent> events;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                events = [.. _pending];
                _pending.Clear();
            }

            foreach (var e in events)
            {
                _onEvent(e);
            }
        }
    }

    private sealed class CallMedia(SipCall call, int port, Socket rtp, Socket rtcp, string? recordPath)
    {
        public SipCall Call { get; } = call;

        public int Port { get; } = port;

        public Socket Rtp { get; } = rtp;

        public Socket Rtcp { get; } = rtcp;

        public string? RecordPath { get; } = recordPath;

        public List<short>? Recorded { get; } = recordPath is null ? null : [];

        public int PlayPosition { get; set; }
    }

    /// <summary>
    /// The UA's media ports: an even RTP port and the RTCP port above it, both bound on the SIP address. A port the
    /// UA releases is closed once the host has drained the call's last datagrams (<see cref="Close"/>).
    /// </summary>
    private sealed class MediaPorts(SipHost host) : ISipMediaPorts
    {
        private readonly Dictionary<int, (int Port, Socket Rtp, Socket Rtcp)> _bound = [];
        private readonly HashSet<int> _released = [];
        private int _next = host._options.MediaPortMin + (host._options.MediaPortMin % 2);

        public int? Reserve()
        {
            var o = host._options;
            var first = o.MediaPortMin + (o.MediaPortMin % 2);
            var span = ((o.MediaPortMax - first) / 2) + 1;
            for (var i = 0; i < span; i++)
            {
                var port = _next;
                _next = _next + 2 > o.MediaPortMax ? first : _next + 2;
                if (_bound.ContainsKey(port))
                {
                    continue;
                }

                Socket? rtp = null, rtcp = null;
                try
                {
                    rtp = new Socket(host.LocalEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    rtp.Bind(new IPEndPoint(host.LocalEndPoint.Address, port));
                    rtcp = new Socket(host.LocalEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    rtcp.Bind(new IPEndPoint(host.LocalEndPoint.Address, port + 1));
                }
                catch (SocketException)
                {
                    rtp?.Dispose();
                    rtcp?.Dispose();
                    continue; // In use by someone else: try the next pair.
                }

                _bound[port] = (port, rtp, rtcp);
                var (r, c) = (rtp, rtcp);
                host.StartThread($"rtp {port}", () => host.ReceiveMedia(r, port));
                host.StartThread($"rtcp {port + 1}", () => host.ReceiveMedia(c, port));
                return port;
            }

            return null;
        }

        public void Release(int port)
        {
            // The call's last RTCP (its BYE) is still to be sent: the host closes the sockets after draining it.
            _released.Add(port);
            if (!host._media.Values.Any(m => m.Port == port))
            {
                Close(port);
            }
        }

        public (int Port, Socket Rtp, Socket Rtcp)? Find(int port) => _bound.TryGetValue(port, out var pair) ? pair : null;

        public void Close(int port)
        {
            if (_bound.Remove(port, out var pair))
            {
                pair.Rtp.Dispose();
                pair.Rtcp.Dispose();
            }

            _released.Remove(port);
            host._threads.RemoveAll(t => !t.IsAlive);
        }

        public void CloseAll()
        {
            foreach (var port in _bound.Keys.ToList())
            {
                Close(port);
            }
        }
    }
}
