using Peerlink.Core;

namespace Peerlink.Nat.Stun;

/// <summary>
/// A STUN message (RFC 8489 §5): class, method, 96-bit transaction ID and attributes in order. The
/// integrity and fingerprint attributes are part of <see cref="Attributes"/> when decoded; when encoding,
/// <see cref="StunCodec.Encode"/> adds them from a key.
/// </summary>
/// <param name="Class">Request, indication, success or error response.</param>
/// <param name="Method">The method, 12 bits: 0x001 is Binding.</param>
/// <param name="TransactionId">12 bytes.</param>
public sealed record StunMessage(StunClass Class, ushort Method, Bytes TransactionId)
{
    /// <summary>The Binding method (§18.2).</summary>
    public const ushort Binding = 0x001;

    /// <summary>The attributes, in wire order.</summary>
    public ValueList<StunAttributeEntry> Attributes { get; init; }

    /// <summary>The first attribute of <paramref name="type"/>, or null.</summary>
    public StunAttributeEntry? Find(ushort type) => Attributes.FirstOrDefault(a => a.Type == type);
}
