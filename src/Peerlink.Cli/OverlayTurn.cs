using System.Security.Cryptography;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// The TURN credentials of an overlay's members (docs/nat-traversal.md, "TURN in the overlay"): one realm
/// and one long-term account per overlay, whose password every member derives from the overlay's
/// P2P-Options (§9.3.4) as the bootstrap server hands them out. It keeps strangers who do not know the
/// overlay off the relays that its peers offer with <c>peerlink node --offer-turn</c>; it is no access
/// control against a member, and the account's quota is shared by all of them.
/// </summary>
internal static class OverlayTurn
{
    /// <summary>The realm every peer's TURN server uses.</summary>
    public const string Realm = "peerlink";

    /// <summary>The username and password of <paramref name="overlay"/>.</summary>
    public static TurnCredentials Credentials(P2pOptions overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var seed = new List<byte>("peerlink TURN\n"u8.ToArray())
        {
            (byte)overlay.HashAlgorithm, overlay.HashLength, (byte)overlay.Algorithm, overlay.Base,
        };
        seed.AddRange(overlay.OverlayId.Span.ToArray());
        var digest = SHA256.HashData(seed.ToArray());
        return new TurnCredentials("overlay-" + Convert.ToHexStringLower(digest.AsSpan(0, 4)), Convert.ToHexStringLower(digest.AsSpan(4, 16)));
    }
}
