namespace Peerlink.MdnsBench;

/// <summary>A live browser in namespace B, started before the first publish and kept running.</summary>
internal interface IBrowserSide : IDisposable
{
    /// <summary>When the browser first showed <paramref name="instance"/> (before resolving it), or null if it has no such line.</summary>
    long? FirstSight(string instance, TimeSpan wait);

    /// <summary>When it first showed <paramref name="instance"/> resolved (host, address, port).</summary>
    long Resolved(string instance, TimeSpan wait);

    /// <summary>When it showed <paramref name="instance"/> gone.</summary>
    long Removed(string instance, TimeSpan wait);
}
