namespace Peerlink.Cli.Sip;

/// <summary>The overlay did not do what a location request asked (no answer, refused, or the peer is unreachable).</summary>
internal sealed class LocationException : Exception
{
    public LocationException()
    {
    }

    public LocationException(string message)
        : base(message)
    {
    }

    public LocationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
