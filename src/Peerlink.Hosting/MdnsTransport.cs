using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Core;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Hosting;

/// <summary>
/// The IPv4 Multicast DNS socket (RFC 6762), pinned to one interface: bound to 0.0.0.0:5353 with
/// SO_REUSEADDR (so it shares the port with Avahi, §15), IP_MULTICAST_IF set to the interface's
/// address (multicast leaves by that interface, never by the default route), 224.0.0.251 joined on
/// that interface only, IP_MULTICAST_TTL 255 (§11: receivers drop anything with a lower TTL), and
/// IP_MULTICAST_ALL off and SO_BINDTODEVICE on Linux, so group traffic of other interfaces is not
/// delivered here. Receiving and sending are <see cref="UdpTransport"/>'s. It is both the engines'
/// <see cref="IMdnsSender"/> and the <see cref="IPacketTransport"/> an <see cref="EngineHost"/> drives.
/// </summary>
/// <remarks>
/// Bound to the device, unicast datagrams to port 5353 (legacy and QU replies, §5.4, §6.7) are those
/// that arrive on this interface, and unicast replies leave by it: both are for hosts on this link.
/// </remarks>
public sealed class MdnsTransport : IPacketTransport, IMdnsSender
{
    // Linux's IP_MULTICAST_ALL (linux/in.h); .NET has no name for it.
    private const int IPMulticastAll = 49;

    // Linux's SOL_SOCKET and SO_BINDTODEVICE (asm-generic/socket.h).
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    private static readonly IPAddress Group = MdnsAddresses.IPv4Group.ToIPAddress();

    private readonly UdpTransport _udp;

    /// <summary>Resolves the interface, opens and pins the socket.</summary>
    /// <exception cref="ArgumentException">No interface was named; or it does not exist, or has no IPv4 address (the message lists those that exist).</exception>
    /// <exception cref="SocketException">The socket cannot be set up (port 5353 held without SO_REUSEADDR, no permission).</exception>
    public MdnsTransport(MdnsTransportOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (name, index, address, subnets) = ResolveInterface(options);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var boundToDevice = false;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, MdnsAddresses.Port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, address.GetAddressBytes());
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, index));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, options.MulticastLoopback);
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption((int)SocketOptionLevel.IP, IPMulticastAll, BitConverter.GetBytes(0));

                // Two stacks on one host, on two interfaces, each bound to 0.0.0.0:5353: without this the
                // kernel handed one of them the other link's multicast (seen with a z2z exporter and
                // importer on one host). Bound to the device, a socket sees only its own link.
                try
                {
                    socket.SetRawSocketOption(SolSocket, SoBindToDevice, System.Text.Encoding.ASCII.GetBytes(name + "\0"));
                    boundToDevice = true;
                }
                catch (SocketException)
                {
                    // Older kernels want CAP_NET_RAW for it; pinned by IP_MULTICAST_IF and the join alone, a
                    // lone stack still works (logged below).
                }
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _udp = new UdpTransport(socket, timeProvider, loggerFactory);
        InterfaceName = name;
        InterfaceIndex = index;
        InterfaceAddress = address;
        Subnets = subnets;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MdnsTransport>();
        MdnsTransportLog.Pinned(logger, name, index, address, Group, options.MulticastLoopback);
        if (!boundToDevice && OperatingSystem.IsLinux())
        {
            MdnsTransportLog.NotBoundToDevice(logger, name);
        }
    }

    /// <summary>The interface the socket is pinned to.</summary>
    public string InterfaceName { get; }

    /// <summary>That interface's index, on which the group is joined.</summary>
    public int InterfaceIndex { get; }

    /// <summary>That interface's IPv4 address, the IP_MULTICAST_IF and the source of what we multicast.</summary>
    public IPAddress InterfaceAddress { get; }

    /// <summary>The interface's prefixes (IPv4 and IPv6): the link, for RFC 6762 §11's source check.</summary>
    public ValueList<IPNetwork> Subnets { get; }

    /// <summary>0.0.0.0:5353.</summary>
    public NodeAddress LocalAddress => _udp.LocalAddress;

    /// <summary>False: multicast UDP.</summary>
    public bool IsReliable => false;

    /// <inheritdoc/>
    public TransportCounters Counters => _udp.Counters;

    /// <inheritdoc/>
    public void Start(IPacketReceiver receiver) => _udp.Start(receiver);

    /// <summary>Sends to the group (out of the pinned interface) or to one unicast address; never blocks.</summary>
    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet) => _udp.Send(destination, packet);

    /// <inheritdoc/>
    public Task DrainAsync(CancellationToken cancellationToken) => _udp.DrainAsync(cancellationToken);

    /// <summary>Closes the socket, which leaves the group.</summary>
    public ValueTask DisposeAsync() => _udp.DisposeAsync();

    private static (string Name, int Index, IPAddress Address, ValueList<IPNetwork> Subnets) ResolveInterface(MdnsTransportOptions options)
    {
        var name = options.InterfaceName;
        if (name is null)
        {
            throw new ArgumentException(
                "No interface given: an mDNS socket must be pinned to one interface. Unpinned, multicast follows "
                + "the default route, which may lead off this machine. Name the interface (for example \"eth1\" or \"lo\").",
                nameof(options));
        }

        var all = NetworkInterface.GetAllNetworkInterfaces();
        var found = Array.Find(all, i => i.Name == name);
        var names = string.Join(", ", all.Select(i => i.Name).Order(StringComparer.Ordinal));
        if (found is null)
        {
            throw new ArgumentException($"No network interface \"{name}\" here; the interfaces are: {names}.", nameof(options));
        }

        var properties = found.GetIPProperties();
        var address = properties.UnicastAddresses
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        if (address is null || !found.Supports(NetworkInterfaceComponent.IPv4))
        {
            throw new ArgumentException($"The interface \"{name}\" has no IPv4 address, so it cannot carry IPv4 mDNS; the interfaces are: {names}.", nameof(options));
        }

        ValueList<IPNetwork> subnets = [.. properties.UnicastAddresses
            .Where(a => a.PrefixLength > 0)
            .Select(a => new IPNetwork(Mask(a.Address, a.PrefixLength), a.PrefixLength))];
        return (name, properties.GetIPv4Properties().Index, address, subnets);
    }

    /// <summary>The network address of <paramref name="address"/>/<paramref name="prefixLength"/> (host bits cleared).</summary>
    private static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
