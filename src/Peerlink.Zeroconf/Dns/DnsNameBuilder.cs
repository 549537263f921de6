namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// Collects labels into a name's wire form, checking the limits (RFC 1035 §2.3.4) as it goes. The
/// first fault is kept in <see cref="Error"/> and makes <see cref="ToName"/> return null, so callers
/// choose their own exception (ArgumentException for our API, FormatException for text).
/// </summary>
internal sealed class DnsNameBuilder
{
    private readonly byte[] _buffer = new byte[DnsName.MaxLength];
    private int _length;
    private int _labels;

    /// <summary>The first limit broken, or null.</summary>
    public string? Error { get; private set; }

    public void Add(ReadOnlySpan<byte> label)
    {
        if (Error is not null)
        {
            return;
        }

        if (label.IsEmpty || label.Length > DnsName.MaxLabelLength)
        {
            Error = $"label {_labels + 1} is {label.Length} bytes; a label is 1 to {DnsName.MaxLabelLength}";
            return;
        }

        // One byte stays free for the root label.
        if (_length + 1 + label.Length + 1 > DnsName.MaxLength)
        {
            Error = $"the name is over {DnsName.MaxLength} bytes in wire form";
            return;
        }

        _buffer[_length] = (byte)label.Length;
        label.CopyTo(_buffer.AsSpan(_length + 1));
        _length += 1 + label.Length;
        _labels++;
    }

    public DnsName? ToName()
    {
        if (Error is not null)
        {
            return null;
        }

        if (_labels == 0)
        {
            return DnsName.Root;
        }

        var wire = new byte[_length + 1];
        _buffer.AsSpan(0, _length).CopyTo(wire);
        return new DnsName(wire, _labels);
    }
}
