namespace Peerlink.Z2zBench;

/// <summary>Where the records meet.</summary>
internal enum Backend
{
    /// <summary>A Peerlink bootstrap server and two peers in the router; the exporter goes through one, the importer the other.</summary>
    Overlay,

    /// <summary>Three dhtnodes in the router, the third serving its REST proxy; both sides use the proxy.</summary>
    OpenDht,
}
