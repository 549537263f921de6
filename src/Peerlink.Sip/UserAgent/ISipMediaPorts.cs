namespace Peerlink.Sip.UserAgent;

/// <summary>
/// Where a call's RTP goes: the host binds a socket (an even port, RTCP on the next one) when the UA asks, and
/// closes it when the UA is done. The UA never touches a socket itself; tests hand out numbers.
/// </summary>
public interface ISipMediaPorts
{
    /// <summary>A local RTP port for a new call, or null when none is free (the call is refused, 503).</summary>
    int? Reserve();

    /// <summary>The call that had <paramref name="port"/> ended; its last datagrams are drained before this.</summary>
    void Release(int port);
}
