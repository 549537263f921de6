using Peerlink.Zeroconf.Dns;

namespace Peerlink.Fuzz;

/// <summary>
/// What one input must satisfy for the DNS codec: the decoder throws only <see cref="DnsFormatException"/>;
/// what it accepts encodes again (no <see cref="ArgumentException"/>), decodes to an equal message with
/// every name byte for byte the same, and encodes to the same bytes the second time.
/// </summary>
public static class DnsTarget
{
    /// <summary>
    /// Every limit as by default but the length: a peer may point into raw RDATA we do not compress
    /// against, so our encoding of what it sent can be longer than its own. Size is not what this
    /// target checks (fuzz inputs are far below 9000 bytes anyway).
    /// </summary>
    private static readonly DnsOptions Roomy = new() { MaxMessageLength = ushort.MaxValue };

    public static void Check(ReadOnlySpan<byte> input)
    {
        var accepted = RoundTrip.Check<DnsMessage, DnsFormatException>(input, bytes => DnsCodec.Decode(bytes, Roomy), m => DnsCodec.Encode(m, Roomy));
        if (accepted is not null && !Names(accepted.First).SequenceEqual(Names(accepted.Second), ExactNames.Instance))
        {
            throw new RoundTripException("a name changed its bytes (case?) in the round trip", input, accepted.Encoded);
        }
    }

    private static IEnumerable<DnsName> Names(DnsMessage m) =>
        m.Questions.Select(q => q.Name).Concat(m.Answers.Concat(m.Authorities).Concat(m.Additionals).SelectMany(RecordNames));

    private static IEnumerable<DnsName> RecordNames(DnsRecord r) => r.Data switch
    {
        PtrData p => [r.Name, p.Target],
        SrvData s => [r.Name, s.Target],
        NsecData n => [r.Name, n.NextName],
        _ => [r.Name],
    };

    private sealed class ExactNames : IEqualityComparer<DnsName>
    {
        public static readonly ExactNames Instance = new();

        public bool Equals(DnsName? x, DnsName? y) => x is null ? y is null : x.EqualsExactly(y);

        public int GetHashCode(DnsName obj) => obj.GetHashCode();
    }
}
