using System.Text;
using Peerlink.Core;

namespace Peerlink.Zeroconf.Dns;

/// <summary>One DNS-SD attribute of a TXT record (RFC 6763 §6.4).</summary>
/// <param name="Key">The key, as sent (compare it case-insensitively).</param>
/// <param name="Value">The bytes after '=', or null for a boolean attribute (the key alone).</param>
public readonly record struct TxtEntry(string Key, Bytes? Value)
{
    /// <summary>The value as UTF-8 text, or null for a boolean attribute.</summary>
    public string? Text => Value is { } v ? Encoding.UTF8.GetString(v.Span) : null;
}
