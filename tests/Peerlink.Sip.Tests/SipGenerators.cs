using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Peerlink.Core;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests;

/// <summary>
/// FsCheck generators for SIP URIs, addresses, Vias and whole messages as a UA builds them: typed headers written
/// by their own ToString, extension headers with token names, bodies of any bytes.
/// </summary>
public static class SipGenerators
{
    public static Arbitrary<SipUri> Uris() => Arb.From(Uri);

    public static Arbitrary<SipNameAddress> Addresses() => Arb.From(Address);

    public static Arbitrary<SipVia> Vias() => Arb.From(Via);

    public static Arbitrary<SipMessage> Messages() => Arb.From(Message);

    private const string Alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    internal static Gen<string> StringOf(string chars, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(chars.ToCharArray()), n)).Select(a => new string(a));

    internal static readonly Gen<string> Token = StringOf(Alnum + "-.!%*_+`'~", 1, 12);

    private static readonly Gen<string> Label = StringOf("abcdefghijklmnopqrstuvwxyz0123456789", 1, 10);

    internal static readonly Gen<string> Host = Gen.OneOf(
        Gen.ArrayOf(Label, 1).SelectMany(first => Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Label, n)).Select(rest => string.Join('.', first.Concat(rest)))),
        Gen.ArrayOf(Gen.Choose(0, 255), 4).Select(a => string.Join('.', a)),
        Gen.ArrayOf(Gen.Choose(0, 0xffff), 8).Select(a => "[" + new System.Net.IPAddress([.. a.SelectMany(x => new[] { (byte)(x >> 8), (byte)x })]) + "]"));

    private static readonly Gen<int?> Port = Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(1, 65535).Select(p => (int?)p)));

    // Characters that need escaping in some URI part, and plenty that do not.
    private static readonly Gen<string> UriText = StringOf(Alnum + "-_.!~*'()&=+$,;?/:@% []", 1, 12);

    private static readonly Gen<SipParameter> UriParameter =
        Gen.Zip(UriText, Gen.Frequency((1, Gen.Constant<string?>(null)), (2, UriText.Select(s => (string?)s))), (n, v) => new SipParameter(n, v));

    internal static readonly Gen<SipUri> Uri =
        from secure in Gen.Elements(false, true)
        from user in Gen.Frequency((1, Gen.Constant<string?>(null)), (4, UriText.Select(s => (string?)s)))
        from password in Gen.Frequency((4, Gen.Constant<string?>(null)), (1, StringOf(Alnum + "&=+$, ", 0, 6).Select(s => (string?)s)))
        from host in Host
        from port in Port
        from parameters in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(UriParameter, n))
        from headers in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Gen.Zip(UriText, StringOf(Alnum + "[]/?:+$ %", 0, 6), (k, v) => new SipParameter(k, v)), n))
        select new SipUri(host)
        {
            Secure = secure,
            User = user,
            Password = user is null ? null : password,
            Port = port,
            Parameters = [.. parameters],
            Headers = [.. headers],
        };

    private static readonly Gen<SipParameter> HeaderParameter = Gen.Zip(
        Token,
        Gen.OneOf(
            Gen.Constant<string?>(null),
            Token.Select(s => (string?)s),
            StringOf(Alnum + " ,;:<>@=", 0, 8).Select(s => (string?)SipTestText.Quote(s))),
        (n, v) => new SipParameter(n, v));

    internal static readonly Gen<SipNameAddress> Address =
        from uri in Uri
        from display in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, StringOf(Alnum + " \"\\,;<>@:", 0, 16).Select(s => (string?)s)))
        from parameters in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(HeaderParameter, n))
        select new SipNameAddress(uri) { DisplayName = display, Parameters = [.. parameters] };

    internal static readonly Gen<SipVia> Via =
        from transport in Gen.Elements("UDP", "TCP", "TLS", "SCTP", "WS")
        from host in Host
        from port in Port
        from branch in Token
        from rport in Gen.Elements(false, true)
        select (rport ? new SipVia(transport, host) { Port = port }.WithParameter("rport", null) : new SipVia(transport, host) { Port = port })
            .WithParameter("branch", SipVia.MagicCookie + branch);

    private static readonly Gen<string> Method = Gen.OneOf(Gen.Elements("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "MESSAGE"), Token);

    // Free text for extension headers: printable ASCII and some UTF-8, no leading or trailing whitespace.
    private static readonly Gen<string> Text = StringOf(Alnum + " ,;:<>\"'=/\\@?%éж大", 0, 30).Select(s => s.Trim(' '));

    private static readonly Gen<SipHeader[]> Extensions =
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Zip(Token, Text, (name, value) => new SipHeader("X-" + name, value)), n));

    internal static readonly Gen<SipMessage> Message =
        from method in Method
        from requestUri in Uri.Select(u => u with { Headers = [] })
        from response in Gen.Elements(false, true)
        from code in Gen.Choose(100, 699)
        from reason in Text
        from vias in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Via, n))
        from caller in Address
        from to in Address
        from callId in Gen.Zip(Token, Host, (a, h) => a + "@" + h)
        from number in Gen.Choose(0, int.MaxValue)
        from maxForwards in Gen.Choose(0, 255)
        from contacts in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Address, n))
        from extensions in Extensions
        from body in Gen.Choose(0, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), n))
        select Build(response, method, requestUri, code, reason, vias, caller, to, callId, (uint)number, maxForwards, contacts, extensions, body);

    private static SipMessage Build(bool response, string method, SipUri uri, int code, string reason, SipVia[] vias, SipNameAddress from,
        SipNameAddress to, string callId, uint number, int maxForwards, SipNameAddress[] contacts, SipHeader[] extensions, byte[] body)
    {
        var headers = new List<SipHeader>();
        headers.AddRange(vias.Select(v => new SipHeader(SipHeaderNames.Via, v.ToString())));
        headers.Add(new SipHeader(SipHeaderNames.From, from.ToString()));
        headers.Add(new SipHeader(SipHeaderNames.To, to.ToString()));
        headers.Add(new SipHeader(SipHeaderNames.CallId, callId));
        headers.Add(new SipHeader(SipHeaderNames.CSeq, new SipCSeq(number, method).ToString()));
        if (!response)
        {
            headers.Add(new SipHeader(SipHeaderNames.MaxForwards, maxForwards.ToString(CultureInfo.InvariantCulture)));
        }

        headers.AddRange(contacts.Select(c => new SipHeader(SipHeaderNames.Contact, c.ToString())));
        headers.AddRange(extensions);
        SipMessage m = response ? new SipResponse(code, reason) : new SipRequest(method, uri.ToString());
        return m with { Headers = [.. headers], Body = Bytes.Copy(body) };
    }
}

/// <summary>Small text helpers for tests.</summary>
internal static class SipTestText
{
    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
