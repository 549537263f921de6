using Peerlink.Core;

namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                         Signature                           //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Signature of a resource object (§9.3.14).</summary>
/// <param name="Value">The signature (PKCS#7).</param>
public sealed record Signature(Bytes Value) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Signature;

    internal override int ValueLength => Value.Length;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Value.Span);
}
