using System.Text;

namespace Peerlink.Wire;

//  Error (type 24; §9.4.2 says "TBD": this layout is ours):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Error Class  |   Sub-Code    |  Object Type  |   Reserved    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                  Reason (UTF-8, optional)                   //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Error classes of the Error object.</summary>
public enum ErrorClass : byte
{
    /// <summary>0: an error not further classified; Reason says what.</summary>
    General = 0,

    /// <summary>1: "Object Type Error" (§9.2).</summary>
    ObjectTypeError = 1,
}

/// <summary>
/// Error (§9.4.2): why a request failed, carried in 4xx responses. §9.2 names one error:
/// class Object Type Error, sub-code 1 "Unrecognized Object".
/// </summary>
/// <param name="Class">The error class.</param>
/// <param name="SubCode">The sub-code within the class.</param>
/// <param name="ObjectTypeCode">The object type at fault, or 0.</param>
/// <param name="Reason">Human-readable detail.</param>
public sealed record ErrorObject(ErrorClass Class, byte SubCode, byte ObjectTypeCode = 0, string Reason = "") : P2ppObject
{
    /// <summary>Sub-code 1 of Object Type Error.</summary>
    public const byte UnrecognizedObject = 1;

    /// <summary>The error §9.2 prescribes for a mandatory object of unknown type.</summary>
    public static ErrorObject Unrecognized(byte objectType) =>
        new(ErrorClass.ObjectTypeError, UnrecognizedObject, objectType, "Unrecognized Object");

    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Error;

    // Strict both ways: a lone surrogate must fail here, not come back as U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    internal override int ValueLength => 4 + StrictUtf8.GetByteCount(Reason);

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)Class);
        writer.WriteByte(SubCode);
        writer.WriteByte(ObjectTypeCode);
        writer.WriteByte(0);
        writer.WriteBytes(StrictUtf8.GetBytes(Reason));
    }

    internal static ErrorObject ReadValue(ref WireReader value)
    {
        var errorClass = (ErrorClass)value.ReadByte();
        var subCode = value.ReadByte();
        var objectType = value.ReadByte();
        _ = value.ReadByte();
        var reason = value.ReadRest();
        string text;
        try
        {
            text = StrictUtf8.GetString(reason);
        }
        catch (DecoderFallbackException)
        {
            value.Fail(DecodeError.BadObject, "Error reason is not UTF-8");
            throw;
        }

        return new ErrorObject(errorClass, subCode, objectType, text);
    }
}
