namespace Peerlink.Overlay.Engine;

/// <summary>A TURN username and password (RFC 8489 §9.2 long-term credentials), the same for every member of an overlay.</summary>
/// <param name="Username">The USERNAME.</param>
/// <param name="Password">The password the key is made from (with the server's realm).</param>
public sealed record TurnCredentials(string Username, string Password);
