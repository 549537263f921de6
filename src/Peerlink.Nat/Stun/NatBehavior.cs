using System.Net;

namespace Peerlink.Nat.Stun;

/// <summary>How a NAT maps a client's endpoint to public ones (RFC 5780 §4.3, RFC 4787 §4.1).</summary>
public enum NatMapping
{
    /// <summary>Not learned: the server has no second address, or a test got no answer.</summary>
    Unknown,

    /// <summary>The mapped address is the client's own: no NAT on the path.</summary>
    NoNat,

    /// <summary>One public endpoint whatever the destination ("cone").</summary>
    EndpointIndependent,

    /// <summary>A new public endpoint per destination IP.</summary>
    AddressDependent,

    /// <summary>A new public endpoint per destination IP and port ("symmetric").</summary>
    AddressAndPortDependent,
}

/// <summary>Which outside endpoints may send in through a mapping (RFC 5780 §4.4, RFC 4787 §5).</summary>
public enum NatFiltering
{
    /// <summary>Not learned.</summary>
    Unknown,

    /// <summary>Anyone may send in ("full cone").</summary>
    EndpointIndependent,

    /// <summary>Only IPs the client sent to ("restricted cone").</summary>
    AddressDependent,

    /// <summary>Only IP and port pairs the client sent to ("port-restricted cone").</summary>
    AddressAndPortDependent,
}

/// <summary>The verdicts of RFC 5780's tests, from what each test saw; pure functions.</summary>
public static class NatBehavior
{
    /// <summary>
    /// The mapping behaviour (§4.3) from the client's <paramref name="local"/> endpoint and the mapped
    /// addresses of test I (primary IP and port), test II (alternate IP, primary port) and test III
    /// (alternate IP and port); a test that got no answer is null. Test III is needed only when I and II differ.
    /// </summary>
    public static NatMapping Mapping(IPEndPoint local, IPEndPoint? test1, IPEndPoint? test2, IPEndPoint? test3)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (test1 is null)
        {
            return NatMapping.Unknown;
        }

        if (test1.Equals(local))
        {
            return NatMapping.NoNat;
        }

        if (test2 is null)
        {
            return NatMapping.Unknown;
        }

        if (test2.Equals(test1))
        {
            return NatMapping.EndpointIndependent;
        }

        return test3 is null ? NatMapping.Unknown : test3.Equals(test2) ? NatMapping.AddressDependent : NatMapping.AddressAndPortDependent;
    }

    /// <summary>
    /// The filtering behaviour (§4.4) from whether an answer came to test II (CHANGE-REQUEST: other IP and
    /// port) and to test III (CHANGE-REQUEST: other port only); test III matters only when II got none.
    /// </summary>
    public static NatFiltering Filtering(bool test2Answered, bool test3Answered) =>
        test2Answered ? NatFiltering.EndpointIndependent
        : test3Answered ? NatFiltering.AddressDependent
        : NatFiltering.AddressAndPortDependent;

    /// <summary>The words RFC 4787 uses, for people.</summary>
    public static string Describe(NatMapping mapping) => mapping switch
    {
        NatMapping.NoNat => "none: no NAT between here and the server",
        NatMapping.EndpointIndependent => "endpoint-independent",
        NatMapping.AddressDependent => "address-dependent",
        NatMapping.AddressAndPortDependent => "address- and port-dependent (symmetric)",
        _ => "unknown",
    };

    /// <summary>The words RFC 4787 uses, for people.</summary>
    public static string Describe(NatFiltering filtering) => filtering switch
    {
        NatFiltering.EndpointIndependent => "endpoint-independent",
        NatFiltering.AddressDependent => "address-dependent",
        NatFiltering.AddressAndPortDependent => "address- and port-dependent",
        _ => "unknown",
    };
}
