namespace Peerlink.Sip.Message;

/// <summary>The methods of RFC 3261 §7.1 and the common extensions.</summary>
public static class SipMethods
{
#pragma warning disable CS1591 // the constants are the names themselves
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Refer = "REFER";
    public const string Message = "MESSAGE";
#pragma warning restore CS1591
}
