using Peerlink.Core;

namespace Peerlink.Wire;

//  Certificate (§9.3.13; type 17, see docs/wire-format.md):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Sub-Type    |        X.509 certificate (DER)               //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Certificate sub-types (§9.3.13).</summary>
public enum CertificateKind : byte
{
    /// <summary>0x00: self-signed.</summary>
    SelfSigned = 0,

    /// <summary>0x01: signed by the enrollment server.</summary>
    ServerSigned = 1,
}

/// <summary>An X.509 certificate (§9.3.13).</summary>
/// <param name="Kind">Who signed it.</param>
/// <param name="Der">The DER encoding.</param>
public sealed record Certificate(CertificateKind Kind, Bytes Der) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Certificate;

    internal override int ValueLength =>
        Enum.IsDefined(Kind) ? 1 + Der.Length : throw new ArgumentException($"certificate sub-type {(byte)Kind} is not assigned");

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)Kind);
        writer.WriteBytes(Der.Span);
    }

    internal static Certificate ReadValue(ref WireReader value)
    {
        var kind = value.ReadByte();
        if (kind > (byte)CertificateKind.ServerSigned)
        {
            value.Fail(DecodeError.BadObject, $"certificate sub-type {kind} (0 self-signed, 1 server-signed)");
        }

        return new Certificate((CertificateKind)kind, Bytes.Copy(value.ReadRest()));
    }
}
