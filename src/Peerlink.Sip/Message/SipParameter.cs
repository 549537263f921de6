namespace Peerlink.Sip.Message;

/// <summary>
/// A parameter (<c>;name</c> or <c>;name=value</c>) of a URI, a header value or a Via. URI parameters hold their
/// unescaped text; header parameters hold the value as written, a quoted-string with its quotes.
/// </summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Value">Its value, or null for a parameter with none (<c>;lr</c>).</param>
public readonly record struct SipParameter(string Name, string? Value);
