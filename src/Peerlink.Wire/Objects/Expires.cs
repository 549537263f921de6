namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                   Expire time in seconds                      |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Expires: a lifetime or keepalive interval (§9.3.11).</summary>
/// <param name="Seconds">Seconds until expiry.</param>
public sealed record Expires(uint Seconds) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Expires;

    internal override int ValueLength => 4;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteUInt32(Seconds);
}
