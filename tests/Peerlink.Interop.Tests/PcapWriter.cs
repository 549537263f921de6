using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Peerlink.Interop.Tests;

/// <summary>TCP control bits (header flags) used by <see cref="PcapWriter"/>.</summary>
[Flags]
public enum TcpControl : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>FIN.</summary>
    Fin = 0x01,

    /// <summary>SYN.</summary>
    Syn = 0x02,

    /// <summary>PSH.</summary>
    Psh = 0x08,

    /// <summary>ACK.</summary>
    Ack = 0x10,
}

/// <summary>
/// Writes a classic libpcap file (microsecond timestamps, Ethernet link type) of hand-built
/// Ethernet + IPv4 + UDP/TCP frames, so a capture tool can be fed exactly the bytes our codec makes.
/// Nothing is sent on any network. The IPv4 header checksum is computed; UDP and TCP checksums are
/// zero (Wireshark does not check them by default). Timestamps start at a fixed instant and advance
/// 1 ms per frame, so the file is the same on every run.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private const int EthernetLength = 14;
    private const int Ipv4Length = 20;
    private const int UdpLength = 8;
    private const int TcpLength = 20;
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private ushort _ipId = 1;
    private long _micros;

    /// <summary>Starts a capture file on a stream and writes the global header.</summary>
    public PcapWriter(Stream stream, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _ownsStream = ownsStream;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4); // magic: microsecond timestamps
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);     // version 2.4
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);      // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);    // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535); // snaplen
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);    // LINKTYPE_ETHERNET
        _stream.Write(header);
    }

    /// <summary>Frames written so far; the next frame's number is this plus one.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Writes one UDP datagram. Returns its frame number (1-based, as Wireshark counts).</summary>
    public int WriteUdp(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var udp = new byte[UdpLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), (ushort)destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), checked((ushort)udp.Length));
        payload.CopyTo(udp.AsSpan(UdpLength));
        return WriteIpv4(source.Address, destination.Address, ProtocolType.Udp, udp);
    }

    /// <summary>Writes one TCP segment. Returns its frame number.</summary>
    public int WriteTcp(IPEndPoint source, IPEndPoint destination, uint sequence, uint acknowledgment, TcpControl flags, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var tcp = new byte[TcpLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)destination.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), acknowledgment);
        tcp[12] = (TcpLength / 4) << 4;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535); // window
        payload.CopyTo(tcp.AsSpan(TcpLength));
        return WriteIpv4(source.Address, destination.Address, ProtocolType.Tcp, tcp);
    }

    /// <summary>Writes a three-way handshake and returns the connection, ready to carry data both ways.</summary>
    public TcpConnection OpenTcp(IPEndPoint client, IPEndPoint server)
    {
        var connection = new TcpConnection(this, client, server, clientSequence: 1000, serverSequence: 5000);
        connection.Handshake();
        return connection;
    }

    private int WriteIpv4(IPAddress source, IPAddress destination, ProtocolType protocol, ReadOnlySpan<byte> transport)
    {
        if (source.AddressFamily != AddressFamily.InterNetwork || destination.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("PcapWriter builds IPv4 frames only");
        }

        var frame = new byte[EthernetLength + Ipv4Length + transport.Length];
        var eth = frame.AsSpan(0, EthernetLength);
        eth[5] = 0x02;  // destination MAC 00:00:00:00:00:02
        eth[11] = 0x01; // source MAC 00:00:00:00:00:01
        BinaryPrimitives.WriteUInt16BigEndian(eth[12..], 0x0800);

        var ip = frame.AsSpan(EthernetLength, Ipv4Length);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], checked((ushort)(Ipv4Length + transport.Length)));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], _ipId++);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // don't fragment
        ip[8] = 64;
        ip[9] = (byte)protocol;
        source.TryWriteBytes(ip[12..16], out _);
        destination.TryWriteBytes(ip[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));
        transport.CopyTo(frame.AsSpan(EthernetLength + Ipv4Length));
        return WriteRecord(frame);
    }

    private int WriteRecord(ReadOnlySpan<byte> frame)
    {
        var time = Epoch.AddTicks(_micros * 10);
        _micros += 1000;
        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)time.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(time.Ticks / 10 % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
        _stream.Write(record);
        _stream.Write(frame);
        return ++FrameCount;
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stream.Flush();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}

/// <summary>One TCP connection in a capture: keeps both sides' sequence numbers.</summary>
public sealed class TcpConnection
{
    private readonly PcapWriter _writer;
    private readonly IPEndPoint _client;
    private readonly IPEndPoint _server;
    private uint _clientNext;
    private uint _serverNext;

    internal TcpConnection(PcapWriter writer, IPEndPoint client, IPEndPoint server, uint clientSequence, uint serverSequence)
    {
        _writer = writer;
        _client = client;
        _server = server;
        _clientNext = clientSequence;
        _serverNext = serverSequence;
    }

    internal void Handshake()
    {
        _writer.WriteTcp(_client, _server, _clientNext, 0, TcpControl.Syn, default);
        _clientNext++;
        _writer.WriteTcp(_server, _client, _serverNext, _clientNext, TcpControl.Syn | TcpControl.Ack, default);
        _serverNext++;
        _writer.WriteTcp(_client, _server, _clientNext, _serverNext, TcpControl.Ack, default);
    }

    /// <summary>Writes one data segment from the client (or the server). Returns its frame number.</summary>
    public int Send(ReadOnlySpan<byte> data, bool fromClient = true)
    {
        int frame;
        if (fromClient)
        {
            frame = _writer.WriteTcp(_client, _server, _clientNext, _serverNext, TcpControl.Psh | TcpControl.Ack, data);
            _clientNext += (uint)data.Length;
        }
        else
        {
            frame = _writer.WriteTcp(_server, _client, _serverNext, _clientNext, TcpControl.Psh | TcpControl.Ack, data);
            _serverNext += (uint)data.Length;
        }

        return frame;
    }
}
