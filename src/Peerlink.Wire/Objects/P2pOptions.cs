using Peerlink.Core;

namespace Peerlink.Wire;

//  P2P-Options (§9.3.4):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Hash-Algorithm |H-Algorithm-Len| P2P-Algorithm |      Base     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | OverlayID Len |           Overlay-ID                         //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>P2P-algorithm codes of P2P-Options (§13).</summary>
public enum OverlayAlgorithm : byte
{
    /// <summary>Chord.</summary>
    Chord = 0,

    /// <summary>CAN.</summary>
    Can = 1,

    /// <summary>Kademlia.</summary>
    Kademlia = 2,

    /// <summary>Pastry.</summary>
    Pastry = 3,

    /// <summary>Bamboo.</summary>
    Bamboo = 4,

    /// <summary>Tapestry.</summary>
    Tapestry = 5,

    /// <summary>Accordion.</summary>
    Accordion = 6,

    /// <summary>SkipNet.</summary>
    SkipNet = 7,

    /// <summary>Mercury.</summary>
    Mercury = 8,

    /// <summary>Gia.</summary>
    Gia = 9,
}

/// <summary>P2P-Options (§9.3.4): the parameters every node of an overlay must share.</summary>
/// <param name="HashAlgorithm">Hash that maps names to IDs.</param>
/// <param name="HashLength">ID length in bytes (0: no hashing).</param>
/// <param name="Algorithm">The DHT geometry.</param>
/// <param name="Base">log2 of the digit base (Pastry's b); 0 for unstructured overlays.</param>
/// <param name="OverlayId">The overlay's name, 0 to 255 bytes.</param>
public sealed record P2pOptions(HashAlgorithmCode HashAlgorithm, byte HashLength, OverlayAlgorithm Algorithm, byte Base, Bytes OverlayId) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.P2pOptions;

    internal override int ValueLength
    {
        get
        {
            if (!Enum.IsDefined(HashAlgorithm) || !Enum.IsDefined(Algorithm))
            {
                throw new ArgumentException($"hash algorithm {(byte)HashAlgorithm} or P2P algorithm {(byte)Algorithm} is not assigned");
            }

            return OverlayId.Length <= byte.MaxValue ? 5 + OverlayId.Length : throw new ArgumentException("Overlay-ID is at most 255 bytes");
        }
    }

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)HashAlgorithm);
        writer.WriteByte(HashLength);
        writer.WriteByte((byte)Algorithm);
        writer.WriteByte(Base);
        writer.WriteByte((byte)OverlayId.Length);
        writer.WriteBytes(OverlayId.Span);
    }

    internal static P2pOptions ReadValue(ref WireReader value)
    {
        var hash = value.ReadByte();
        if (!Enum.IsDefined((HashAlgorithmCode)hash))
        {
            value.Fail(DecodeError.BadObject, $"unknown hash algorithm code {hash}");
        }

        var hashLength = value.ReadByte();
        var algorithm = value.ReadByte();
        if (!Enum.IsDefined((OverlayAlgorithm)algorithm))
        {
            value.Fail(DecodeError.BadObject, $"unknown P2P algorithm code {algorithm}");
        }

        var b = value.ReadByte();
        var idLength = value.ReadByte();
        if (value.Remaining != idLength)
        {
            value.Fail(DecodeError.BadObject, $"OverlayID-Len says {idLength}, {value.Remaining} byte(s) remain");
        }

        return new P2pOptions((HashAlgorithmCode)hash, hashLength, (OverlayAlgorithm)algorithm, b, Bytes.Copy(value.ReadRest()));
    }
}
