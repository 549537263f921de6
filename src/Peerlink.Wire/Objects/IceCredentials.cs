using System.Text;

namespace Peerlink.Wire;

//  ICE-Credentials (type 27, ours): the short-term credentials of an ICE offer or answer carried by
//  Connect (§7.3's "ICE offer"; RFC 8445 §5.3, RFC 8839 §5.4).
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Ufrag-Len    |   ice-ufrag (UTF-8, 4-255 bytes)             //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Pwd-Len     |   ice-pwd (UTF-8, 22-255 bytes)              //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  The candidates travel in the Peer-Info's Address-Info beside it.

/// <summary>ICE-Credentials: the username fragment and password of one side of an ICE exchange.</summary>
/// <param name="Ufrag">ice-ufrag, 4 to 255 bytes.</param>
/// <param name="Password">ice-pwd, 22 to 255 bytes.</param>
public sealed record IceCredentials(string Ufrag, string Password) : P2ppObject
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.IceCredentials;

    internal override int ValueLength
    {
        get
        {
            var ufrag = StrictUtf8.GetByteCount(Ufrag);
            var password = StrictUtf8.GetByteCount(Password);
            if (ufrag is < 4 or > 255 || password is < 22 or > 255)
            {
                throw new ArgumentException($"ice-ufrag is 4 to 255 bytes and ice-pwd 22 to 255 (RFC 8445 §5.3), not {ufrag} and {password}");
            }

            return 2 + ufrag + password;
        }
    }

    internal override void WriteValue(ref WireWriter writer)
    {
        var ufrag = StrictUtf8.GetBytes(Ufrag);
        var password = StrictUtf8.GetBytes(Password);
        writer.WriteByte((byte)ufrag.Length);
        writer.WriteBytes(ufrag);
        writer.WriteByte((byte)password.Length);
        writer.WriteBytes(password);
    }

    internal static IceCredentials ReadValue(ref WireReader value)
    {
        var ufrag = Text(ref value, 4, "ice-ufrag");
        var password = Text(ref value, 22, "ice-pwd");
        return new IceCredentials(ufrag, password);
    }

    private static string Text(ref WireReader value, int minimum, string what)
    {
        var length = value.ReadByte();
        if (length < minimum || value.Remaining < length)
        {
            value.Fail(DecodeError.BadObject, $"ICE-Credentials {what} is {length} bytes ({value.Remaining} follow); at least {minimum}");
        }

        try
        {
            return StrictUtf8.GetString(value.ReadSpan(length));
        }
        catch (DecoderFallbackException)
        {
            value.Fail(DecodeError.BadObject, $"ICE-Credentials {what} is not UTF-8");
            throw;
        }
    }
}
