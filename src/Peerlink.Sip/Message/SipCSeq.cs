using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Peerlink.Sip.Message;

/// <summary>
/// The CSeq header (RFC 3261 §20.16): <c>CSeq = 1*DIGIT LWS Method</c>, the number below 2^31 when we make it
/// (§8.1.1.5) and at most 2^32 - 1 when we read it (RFC 4475 §3.1.2.4 has a larger one, an error).
/// </summary>
/// <param name="Number">The sequence number.</param>
/// <param name="Method">The method, as in the request line (case-sensitive, §7.1).</param>
public readonly record struct SipCSeq(uint Number, string Method)
{
    /// <summary>Reads a CSeq value; false, with a reason, when it breaks the grammar.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipCSeq? cseq, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        cseq = null;
        var s = SipGrammar.TrimWhitespace(text);
        var gap = s.IndexOfAny(" \t");
        if (gap < 0)
        {
            error = "a CSeq without a method";
            return false;
        }

        var method = SipGrammar.TrimWhitespace(s[gap..]);
        if (!SipGrammar.TryParseBounded(s[..gap], uint.MaxValue, out var n))
        {
            error = "a CSeq number that is not 0 to 2^32-1";
            return false;
        }

        if (!SipGrammar.IsToken(method))
        {
            error = "a CSeq method that is not a token";
            return false;
        }

        cseq = new SipCSeq((uint)n, method.ToString());
        error = null;
        return true;
    }

    /// <summary>The canonical text: <c>number method</c>.</summary>
    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;
}
