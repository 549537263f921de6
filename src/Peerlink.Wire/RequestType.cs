namespace Peerlink.Wire;

/// <summary>Request and indication types (draft-baset-p2psip-p2pp-01 §13, "Message Types").</summary>
public enum RequestType : byte
{
    /// <summary>Enroll with the enrollment server (§8.1).</summary>
    Enroll = 0,

    /// <summary>Re-authenticate with the enrollment server (§8.2).</summary>
    Authenticate = 1,

    /// <summary>Ask a bootstrap server for P2P-Options and live peers (§8.3).</summary>
    Bootstrap = 2,

    /// <summary>Join the overlay (§8.4).</summary>
    Join = 3,

    /// <summary>Leave indication (§8.5).</summary>
    Leave = 4,

    /// <summary>KeepAlive (§8.6).</summary>
    KeepAlive = 5,

    /// <summary>Find peers by ID, exact, closest or range (§8.7).</summary>
    LookupPeer = 6,

    /// <summary>Exchange routing and neighbour tables (§8.8).</summary>
    ExchangeTable = 7,

    /// <summary>Ask a node for its services (§8.9).</summary>
    Query = 8,

    /// <summary>Store or refresh a resource object (§8.12, "PublishObject").</summary>
    Publish = 9,

    /// <summary>Find resource objects (§8.13).</summary>
    LookupObject = 10,

    /// <summary>Remove a resource object (§8.14).</summary>
    RemoveObject = 11,

    /// <summary>Replicate resource objects (§8.10).</summary>
    Replicate = 12,

    /// <summary>Hand over resource objects (§8.11).</summary>
    Transfer = 13,

    /// <summary>Carry another protocol's message (§8.15).</summary>
    Tunnel = 14,

    /// <summary>ICE offer (§8.16, TBD in the draft).</summary>
    Connect = 15,

    /// <summary>Push diagnostics (§4.11).</summary>
    GetDiagnostics = 16,
}

/// <summary>Facts about request types that the codec needs.</summary>
public static class RequestTypes
{
    /// <summary>The highest request type the draft assigns.</summary>
    public const RequestType Last = RequestType.GetDiagnostics;

    /// <summary>Whether the draft assigns this code.</summary>
    public static bool IsKnown(RequestType type) => type <= Last;

    /// <summary>
    /// Whether header IDs are the fixed four bytes used before a node knows the overlay's ID length
    /// (§9.1: Bootstrap and Authenticate; Enroll too, see docs/wire-format.md).
    /// </summary>
    public static bool UsesShortIds(RequestType type) =>
        type is RequestType.Enroll or RequestType.Authenticate or RequestType.Bootstrap;
}
