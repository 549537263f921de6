using System.Net;
using Peerlink.Nat.Ice;

namespace Peerlink.Nat.Tests;

/// <summary>Candidates: the SDP attribute (RFC 8839 §5.1), priorities (RFC 8445 §5.1.2) and foundations (§5.1.1.3).</summary>
public class IceCandidateTests
{
    [Theory]
    [InlineData("candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host", "candidate:1 1 udp 2130706431 10.0.1.1 8998 typ host")]
    [InlineData("a=candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998", "candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998")]
    [InlineData("candidate:a+/Z 2 udp 16777214 2001:db8::1 3478 typ relay raddr 192.0.2.3 rport 45664 generation 0", "candidate:a+/Z 2 udp 16777214 2001:db8::1 3478 typ relay raddr 192.0.2.3 rport 45664")]
    [InlineData("candidate:9 1 udp 1862270975 198.51.100.7 6000 typ prflx", "candidate:9 1 udp 1862270975 198.51.100.7 6000 typ prflx")]
    public void TryParse_WellFormedLine_RoundTripsToTheCanonicalForm(string line, string canonical)
    {
        Assert.True(IceCandidate.TryParse(line, out var candidate, out var reason), reason);
        Assert.Equal(canonical, candidate.ToAttribute());
        Assert.True(IceCandidate.TryParse(candidate.ToAttribute(), out var again, out _));
        Assert.Equal(candidate, again);
    }

    [Fact]
    public void TryParse_Srflx_FieldsRead()
    {
        Assert.True(IceCandidate.TryParse("a=candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998", out var c, out _));
        Assert.Equal("2", c.Foundation);
        Assert.Equal(1, c.Component);
        Assert.Equal(1694498815u, c.Priority);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.3"), 45664), c.EndPoint);
        Assert.Equal(IceCandidateType.ServerReflexive, c.Type);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.1.1"), 8998), c.RelatedEndPoint);
    }

    [Theory]
    [InlineData(null, "no line")]
    [InlineData("", "candidate:")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.1.1 8998 typ", "fields")]
    [InlineData("candidate:1 1 tcp 2130706431 10.0.1.1 8998 typ host", "not UDP")]
    [InlineData("candidate:1 0 udp 2130706431 10.0.1.1 8998 typ host", "component")]
    [InlineData("candidate:1 257 udp 2130706431 10.0.1.1 8998 typ host", "component")]
    [InlineData("candidate:1 1 udp 0 10.0.1.1 8998 typ host", "priority")]
    [InlineData("candidate:1 1 udp 4294967295 10.0.1.1 8998 typ host", "priority")]
    [InlineData("candidate:1 1 udp -5 10.0.1.1 8998 typ host", "priority")]
    [InlineData("candidate:1 1 udp 2130706431 host.local 8998 typ host", "not an IP address")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.1.1 65536 typ host", "port")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.1.1 8998 type host", "typ")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.1.1 8998 typ lan", "unknown")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.1.1 8998 typ srflx raddr", "no value")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.1.1 8998 typ srflx raddr x rport 1", "raddr")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.1.1 8998 typ srflx raddr 10.0.0.1 rport 99999", "rport")]
    [InlineData("candidate:f*o 1 udp 2130706431 10.0.1.1 8998 typ host", "foundation")]
    [InlineData("candidate:123456789012345678901234567890123 1 udp 2130706431 10.0.1.1 8998 typ host", "foundation")]
    public void TryParse_BadLine_FalseWithAReason(string? line, string reasonContains)
    {
        Assert.False(IceCandidate.TryParse(line, out var candidate, out var reason));
        Assert.Null(candidate);
        Assert.Contains(reasonContains, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_HugeLine_FalseWithoutSplitting()
    {
        Assert.False(IceCandidate.TryParse("candidate:" + new string('1', 5000), out _, out var reason));
        Assert.Contains("longer", reason, StringComparison.Ordinal);
    }

    // Computed by hand: 2^24 * type preference + 2^8 * local preference + (256 - component) (RFC 8445 §5.1.2.1).
    [Theory]
    [InlineData(IceCandidateType.Host, 65535, 1, 2130706431u)] // 126 * 16777216 + 65535 * 256 + 255
    [InlineData(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)] // 110 * 16777216 + 16776960 + 255
    [InlineData(IceCandidateType.ServerReflexive, 65535, 1, 1694498815u)] // 100 * 16777216 + 16776960 + 255
    [InlineData(IceCandidateType.Relayed, 65535, 1, 16777215u)] // 0 + 16776960 + 255
    [InlineData(IceCandidateType.Host, 0, 2, 2113929470u)] // 2113929216 + 0 + 254
    [InlineData(IceCandidateType.Relayed, 1, 256, 256u)] // 0 + 256 + 0
    public void ComputePriority_RfcFormula_HandComputedValue(IceCandidateType type, int localPreference, int component, uint expected) =>
        Assert.Equal(expected, IceCandidate.ComputePriority(type, localPreference, component));

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(65536, 1)]
    [InlineData(0, 0)]
    [InlineData(0, 257)]
    public void ComputePriority_OutOfRange_Throws(int localPreference, int component) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidate.ComputePriority(IceCandidateType.Host, localPreference, component));

    [Fact]
    public void ComputeFoundation_SameTypeBaseServerTransport_Same_AnyDifference_Differs()
    {
        var b = IPAddress.Parse("10.0.0.2");
        var stun = IPAddress.Parse("192.0.2.9");
        var f = IceCandidate.ComputeFoundation(IceCandidateType.ServerReflexive, b, stun);

        Assert.Equal(f, IceCandidate.ComputeFoundation(IceCandidateType.ServerReflexive, IPAddress.Parse("10.0.0.2"), IPAddress.Parse("192.0.2.9"), "UDP"));
        Assert.NotEqual(f, IceCandidate.ComputeFoundation(IceCandidateType.Host, b, stun));
        Assert.NotEqual(f, IceCandidate.ComputeFoundation(IceCandidateType.ServerReflexive, IPAddress.Parse("10.0.0.3"), stun));
        Assert.NotEqual(f, IceCandidate.ComputeFoundation(IceCandidateType.ServerReflexive, b, IPAddress.Parse("192.0.2.10")));
        Assert.NotEqual(f, IceCandidate.ComputeFoundation(IceCandidateType.ServerReflexive, b, stun, "tcp"));
        Assert.InRange(f.Length, 1, 32);
        Assert.All(f, c => Assert.True(char.IsAsciiDigit(c)));
    }

    [Fact]
    public void Factories_TwoHostPortsOnOneAddress_ShareAFoundation_SrflxKeepsItsBase()
    {
        var a = IceCandidate.Host(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5000));
        var b = IceCandidate.Host(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5001));
        var s = IceCandidate.ServerReflexive(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 40000), a.EndPoint, IPAddress.Parse("192.0.2.9"));

        Assert.Equal(a.Foundation, b.Foundation);
        Assert.Equal(2130706431u, a.Priority);
        Assert.Equal(1694498815u, s.Priority);
        Assert.Equal(a.EndPoint, s.RelatedEndPoint);
        Assert.NotEqual(a.Foundation, s.Foundation);
    }
}
