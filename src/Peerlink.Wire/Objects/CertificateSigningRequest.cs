using Peerlink.Core;

namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                         CertificateSigningRequest           //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>PKCS#10 certificate signing request (§4.5).</summary>
/// <param name="Der">The DER-encoded request.</param>
public sealed record CertificateSigningRequest(Bytes Der) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.CertificateSigningRequest;

    internal override int ValueLength => Der.Length;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Der.Span);
}
