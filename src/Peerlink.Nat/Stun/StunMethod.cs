namespace Peerlink.Nat.Stun;

/// <summary>The STUN methods Peerlink speaks (RFC 8489 §18.2, RFC 8656 §17).</summary>
public static class StunMethod
{
    /// <summary>Binding (RFC 8489).</summary>
    public const ushort Binding = 0x001;

    /// <summary>Allocate (RFC 8656 §7): a request only.</summary>
    public const ushort Allocate = 0x003;

    /// <summary>Refresh (RFC 8656 §8): a request only.</summary>
    public const ushort Refresh = 0x004;

    /// <summary>Send (RFC 8656 §11): an indication only.</summary>
    public const ushort Send = 0x006;

    /// <summary>Data (RFC 8656 §11): an indication only.</summary>
    public const ushort Data = 0x007;

    /// <summary>CreatePermission (RFC 8656 §10): a request only.</summary>
    public const ushort CreatePermission = 0x008;

    /// <summary>ChannelBind (RFC 8656 §12): a request only.</summary>
    public const ushort ChannelBind = 0x009;
}
