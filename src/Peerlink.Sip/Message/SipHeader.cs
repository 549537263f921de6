namespace Peerlink.Sip.Message;

/// <summary>
/// One header field value. A header line with comma-separated values of a list header (Via, Contact, Route, ...)
/// becomes one <see cref="SipHeader"/> per value; other headers keep their line whole (§7.3.1).
/// </summary>
/// <param name="Name">The full name in its canonical spelling for known headers (compact forms expanded), else as received.</param>
/// <param name="Value">The value, unfolded and trimmed.</param>
public readonly record struct SipHeader(string Name, string Value);
