using Peerlink.Core;

namespace Peerlink.Wire;

/// <summary>
/// An ignorable (AB=01) object of a type this version does not know. It is kept, not interpreted, so a
/// forwarding peer passes it on unchanged (§9.2). Unknown mandatory objects never get this far.
/// </summary>
/// <param name="TypeCode">The object type code.</param>
/// <param name="Value">The raw value.</param>
public sealed record UnknownObject(byte TypeCode, Bytes Value) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => (ObjectType)TypeCode;

    internal override bool Ignorable => true;

    internal override int ValueLength =>
        Enum.IsDefined((ObjectType)TypeCode)
            ? throw new ArgumentException($"type {TypeCode} is known ({(ObjectType)TypeCode}); use its record, not UnknownObject")
            : Value.Length;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Value.Span);
}
