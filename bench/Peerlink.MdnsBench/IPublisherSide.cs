namespace Peerlink.MdnsBench;

/// <summary>The mDNS stack in namespace A that publishes one instance per run.</summary>
internal interface IPublisherSide : IAsyncDisposable
{
    /// <summary>Publishes <paramref name="instance"/>; the handle knows when "publish" happened.</summary>
    Task<IPublished> PublishAsync(string instance, int run);
}

/// <summary>One published instance.</summary>
internal interface IPublished
{
    /// <summary>The moment of publish (a Stopwatch timestamp): the process start, or the PublishAsync call.</summary>
    long Started { get; }

    /// <summary>
    /// When the publisher's protocol work began, if it says so apart from <see cref="Started"/> (python-zeroconf's
    /// "registering" line, printed after the interpreter's start-up), or null.
    /// </summary>
    long? ProtocolStarted(TimeSpan wait);

    /// <summary>
    /// Waits until the publisher says the name is its own (probing over). A browser may show the
    /// instance before that: python-zeroconf's register_service() returns only after its announcements,
    /// about 450 ms after the first, and our script reads Ctrl-C only once it has returned, so a stop
    /// sent earlier would be timed from the wrong moment.
    /// </summary>
    Task WaitEstablishedAsync(TimeSpan wait);

    /// <summary>Withdraws it as a user would (Ctrl-C, or disposing the publication); returns when (a Stopwatch timestamp).</summary>
    Task<long> StopAsync();
}
