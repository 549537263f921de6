namespace Peerlink.Hosting.Z2z;

/// <summary>The rendezvous could not be reached, or refused a put; the message says which and why.</summary>
public sealed class RendezvousException : Exception
{
    /// <summary>Creates one with no message.</summary>
    public RendezvousException()
    {
    }

    /// <summary>Creates one saying <paramref name="message"/>.</summary>
    public RendezvousException(string message)
        : base(message)
    {
    }

    /// <summary>Creates one saying <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public RendezvousException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
