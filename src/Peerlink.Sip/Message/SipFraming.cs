namespace Peerlink.Sip.Message;

/// <summary>How a message arrived, which decides what Content-Length means (RFC 3261 §18.3).</summary>
public enum SipFraming
{
    /// <summary>UDP: the datagram is the message. Content-Length may be absent (the rest of the datagram is the body); bytes past it are ignored; fewer bytes than it says is an error.</summary>
    Datagram,

    /// <summary>TCP or TLS: Content-Length MUST be present and says where the next message starts.</summary>
    Stream,
}
