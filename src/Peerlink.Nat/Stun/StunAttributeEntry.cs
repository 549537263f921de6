using Peerlink.Core;

namespace Peerlink.Nat.Stun;

/// <summary>One attribute as it is on the wire: its type and its value, padding not included (RFC 8489 §14).</summary>
/// <param name="Type">The attribute type; 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF optional.</param>
/// <param name="Value">The value bytes.</param>
public sealed record StunAttributeEntry(ushort Type, Bytes Value)
{
    /// <summary>A receiver that does not know it must refuse the message (RFC 8489 §14: types below 0x8000).</summary>
    public bool IsComprehensionRequired => Type < 0x8000;
}
