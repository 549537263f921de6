using Peerlink.Core;

namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                         Password                            //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Password proof of Enroll and Authenticate: H(password) (§4.5).</summary>
/// <param name="Value">The hashed password.</param>
public sealed record Password(Bytes Value) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Password;

    internal override int ValueLength => Value.Length;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Value.Span);
}
