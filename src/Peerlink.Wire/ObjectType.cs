namespace Peerlink.Wire;

/// <summary>
/// TLV object types (§13, "Object Types"). 17 is garbled in the draft's table ("X.509-Cer7-Signature")
/// and 18 is unassigned; Resource-List, Signature and Password have no code. Our choices are in
/// docs/wire-format.md.
/// </summary>
public enum ObjectType : byte
{
    /// <summary>Peer-Info container (§9.3.1).</summary>
    PeerInfo = 0,

    /// <summary>Peer-ID (§9.3.1).</summary>
    PeerId = 1,

    /// <summary>Address-Info: ICE candidates (§9.3.1).</summary>
    AddressInfo = 2,

    /// <summary>Unhashed-ID (§9.3.2).</summary>
    UnhashedId = 3,

    /// <summary>Uptime in seconds (§9.3.1).</summary>
    Uptime = 4,

    /// <summary>P2P-Options (§9.3.4).</summary>
    P2pOptions = 5,

    /// <summary>Request-Options flags (§9.3.3).</summary>
    RequestOptions = 6,

    /// <summary>Diagnostic-Options: which diagnostics are asked for (layout ours).</summary>
    DiagnosticOptions = 7,

    /// <summary>Routing-Table (§9.3.5).</summary>
    RoutingTable = 8,

    /// <summary>Neighbor-Table (§9.3.6).</summary>
    NeighborTable = 9,

    /// <summary>PLookup (§9.3.7).</summary>
    PLookup = 10,

    /// <summary>Resource-ID (§9.3.8).</summary>
    ResourceId = 11,

    /// <summary>RLookup (§9.3.9).</summary>
    RLookup = 12,

    /// <summary>Resource-Object (§9.3.10).</summary>
    ResourceObject = 13,

    /// <summary>Expires in seconds (§9.3.11).</summary>
    Expires = 14,

    /// <summary>Owner (§9.3.12).</summary>
    Owner = 15,

    /// <summary>Certificate-Signing-Request, PKCS#10 DER (§4.5).</summary>
    CertificateSigningRequest = 16,

    /// <summary>X.509 certificate with its sub-type (§9.3.13).</summary>
    Certificate = 17,

    /// <summary>Signature of a resource object (§9.3.14; code ours).</summary>
    Signature = 18,

    /// <summary>Time-Window (§9.3.15).</summary>
    TimeWindow = 19,

    /// <summary>Connections (§9.3.15).</summary>
    Connections = 20,

    /// <summary>Node-Resource-Utilization (§9.3.15).</summary>
    NodeResourceUtilization = 21,

    /// <summary>Messages-Received (§9.3.15).</summary>
    MessagesReceived = 22,

    /// <summary>AS-Number (§9.3.15).</summary>
    AsNumber = 23,

    /// <summary>Error (§9.4.2, layout ours).</summary>
    Error = 24,

    /// <summary>Resource-List: services a node offers (§9.3.1; code ours).</summary>
    ResourceList = 25,

    /// <summary>Password hash of Enroll/Authenticate (§8.1; code ours).</summary>
    Password = 26,

    /// <summary>ICE-Credentials: ice-ufrag and ice-pwd of a Connect's ICE offer or answer (code ours).</summary>
    IceCredentials = 27,
}
