using System.Text;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Instance names after a conflict (RFC 6762 §9) within DNS's 63-byte label (RFC 1035 §2.3.4).</summary>
public class ServiceRecordsTests
{
    [Theory]
    [InlineData("My Printer", 1, "My Printer")]
    [InlineData("My Printer", 2, "My Printer (2)")]
    [InlineData("My Printer", 12, "My Printer (12)")]
    public void InstanceLabel_Attempt_NumberedInParentheses(string name, int attempt, string expected) =>
        Assert.Equal(expected, ServiceRecords.InstanceLabel(name, attempt));

    [Fact]
    public void InstanceLabel_LongName_BaseShortenedToFit63Bytes()
    {
        var name = new string('é', 40); // 80 bytes of UTF-8
        var label = ServiceRecords.InstanceLabel(name, 2);

        Assert.EndsWith(" (2)", label, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(label), 60, DnsName.MaxLabelLength);
    }
}
