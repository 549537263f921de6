using System.Net;

namespace Peerlink.Nat.Stun;

/// <summary>
/// The two IP addresses and two ports of a server that helps clients learn their NAT's behaviour (RFC 5780
/// §6): it listens on all four combinations, names the other pair in OTHER-ADDRESS, and answers a
/// CHANGE-REQUEST from the other IP, the other port, or both.
/// </summary>
/// <param name="PrimaryIp">The address clients are told to use.</param>
/// <param name="AlternateIp">The second address; must differ from the first.</param>
/// <param name="PrimaryPort">The first port (3478 by default).</param>
/// <param name="AlternatePort">The second port (3479 by default, as coturn does).</param>
public sealed record StunServerAddresses(IPAddress PrimaryIp, IPAddress AlternateIp, int PrimaryPort = 3478, int AlternatePort = 3479)
{
    /// <summary>The four endpoints to listen on.</summary>
    public IReadOnlyList<IPEndPoint> All =>
        [new(PrimaryIp, PrimaryPort), new(PrimaryIp, AlternatePort), new(AlternateIp, PrimaryPort), new(AlternateIp, AlternatePort)];

    /// <summary>OTHER-ADDRESS's endpoint: the alternate IP and port (§7.4).</summary>
    public IPEndPoint Other => new(AlternateIp, AlternatePort);

    /// <summary>Throws when the two IPs or the two ports are the same, or a port is out of range.</summary>
    /// <exception cref="ArgumentException">They are.</exception>
    public StunServerAddresses Validated()
    {
        ArgumentNullException.ThrowIfNull(PrimaryIp);
        ArgumentNullException.ThrowIfNull(AlternateIp);
        if (PrimaryIp.Equals(AlternateIp) || PrimaryPort == AlternatePort || PrimaryPort is < 1 or > 65535 || AlternatePort is < 1 or > 65535
            || PrimaryIp.AddressFamily != AlternateIp.AddressFamily)
        {
            throw new ArgumentException("RFC 5780 needs two different IPs of one family and two different ports, 1-65535");
        }

        return this;
    }

    /// <summary>
    /// Where the answer to a request that came in on <paramref name="local"/> is sent from: the other IP when
    /// <paramref name="changeIp"/>, the other port when <paramref name="changePort"/> (§6.1).
    /// </summary>
    public IPEndPoint ReplyFrom(IPEndPoint local, bool changeIp, bool changePort)
    {
        ArgumentNullException.ThrowIfNull(local);
        var ip = changeIp ? (local.Address.Equals(PrimaryIp) ? AlternateIp : PrimaryIp) : local.Address;
        var port = changePort ? (local.Port == PrimaryPort ? AlternatePort : PrimaryPort) : local.Port;
        return new IPEndPoint(ip, port);
    }
}
