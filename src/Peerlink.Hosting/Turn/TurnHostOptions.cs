using System.Net;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Turn;

/// <summary>Where a <see cref="TurnHost"/> listens and relays; checked when the host is built.</summary>
public sealed record TurnHostOptions
{
    /// <summary>The address and port of both the UDP socket and the TCP listener (3478 is TURN's port, RFC 8656 §4).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The address relayed transport addresses are opened on; null: the listening address (which must not be the wildcard then).</summary>
    public IPAddress? RelayAddress { get; init; }

    /// <summary>The lowest relay port (RFC 8656 §7.2 suggests 49152-65535).</summary>
    public int MinRelayPort { get; init; } = 49152;

    /// <summary>The highest relay port.</summary>
    public int MaxRelayPort { get; init; } = 65535;

    /// <summary>TCP clients connected at once; more are refused (closed at once).</summary>
    public int MaxTcpConnections { get; init; } = 256;

    /// <summary>Messages waiting to be written to one TCP client; beyond that they are dropped, as UDP would lose them.</summary>
    public int TcpSendQueueCapacity { get; init; } = 256;

    /// <summary>A TCP connection that holds no allocation and has sent nothing for this long is closed, so idle connections cannot use up <see cref="MaxTcpConnections"/>.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The engine's options (realm, users, lifetimes, quotas, peer policy).</summary>
    public required TurnServerOptions Server { get; init; }

    /// <summary>The relay address in force.</summary>
    internal IPAddress Relay => RelayAddress ?? Listen.Address;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Listen);
        ArgumentNullException.ThrowIfNull(Server);
        if (Relay.Equals(IPAddress.Any) || Relay.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("relayed addresses need a concrete address: give RelayAddress when listening on the wildcard", nameof(RelayAddress));
        }

        if (MinRelayPort is < 1024 or > 65535 || MaxRelayPort is < 1024 or > 65535 || MinRelayPort > MaxRelayPort)
        {
            throw new ArgumentOutOfRangeException(nameof(MinRelayPort), $"{MinRelayPort}-{MaxRelayPort}: relay ports are 1024-65535, the lowest first");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTcpConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TcpSendQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TcpIdleTimeout, TimeSpan.Zero);
    }
}
