using System.Net;

namespace Peerlink.Core.Tests;

public class NodeAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", 7080)]
    [InlineData("198.18.0.7", 1)]
    [InlineData("::1", 7081)]
    [InlineData("2001:db8::42", 65535)]
    public void FromEndPoint_RoundTrip_GivesTheSameEndPoint(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);

        var back = NodeAddress.FromEndPoint(endPoint).ToEndPoint();

        Assert.Equal(endPoint, back);
        Assert.Equal(endPoint.AddressFamily, back.AddressFamily);
    }

    [Fact]
    public void FromIPv4_Number_IsTheDottedQuad()
    {
        var address = NodeAddress.FromIPv4(0xC612_0007, 7080);

        Assert.True(address.IsIPv4);
        Assert.Equal("198.18.0.7:7080", address.ToString());
    }

    [Fact]
    public void IsIPv4_V6Address_IsFalse()
    {
        Assert.False(NodeAddress.From(IPAddress.IPv6Loopback, 1).IsIPv4);
    }

    [Fact]
    public void Equals_SameAddressOtherPort_IsFalse()
    {
        var a = NodeAddress.FromIPv4(0x7F00_0001, 7080);
        var b = NodeAddress.FromIPv4(0x7F00_0001, 7081);

        Assert.NotEqual(a, b);
        Assert.Equal(a, NodeAddress.From(IPAddress.Loopback, 7080));
        Assert.Equal(a.GetHashCode(), NodeAddress.From(IPAddress.Loopback, 7080).GetHashCode());
    }

    [Fact]
    public void Size_IsTwentyFourBytes()
    {
        Assert.Equal(24, System.Runtime.CompilerServices.Unsafe.SizeOf<NodeAddress>());
    }
}

public class NodeAddressMappedTests
{
    // Found by the fuzzer: ::ffff:192.168.1.10 is an IPv6 address and must stay one.
    [Fact]
    public void From_IPv4MappedIPv6Address_StaysIPv6()
    {
        var mapped = IPAddress.Parse("::ffff:192.168.1.10");

        var address = NodeAddress.From(mapped, 7080);

        Assert.False(address.IsIPv4);
        Assert.Equal(16, address.AddressLength);
        Assert.Equal(mapped, address.ToIPAddress());
        Assert.NotEqual(NodeAddress.From(IPAddress.Parse("192.168.1.10"), 7080), address);
    }

    [Fact]
    public void FromBytes_SixteenBytesOfAMappedAddress_StaysIPv6()
    {
        var bytes = IPAddress.Parse("::ffff:10.0.0.1").GetAddressBytes();

        Assert.False(NodeAddress.FromBytes(bytes, 1).IsIPv4);
        Assert.True(NodeAddress.FromBytes(bytes.AsSpan(12), 1).IsIPv4);
    }
}
