using System.Net;
using Peerlink.Core;

namespace Peerlink.Wire.Tests;

/// <summary>Inputs the fuzzer (fuzz/run.sh) found, kept so they stay fixed.</summary>
public class FuzzFindingTests
{
    // AFL++ crash id:000000 (2026-11-24): a Bootstrap request whose IPv6 candidate is IPv4-mapped (::ffff:192.168.1.10)
    // with an IPv6 related address. Decoding made it IPv4, and re-encoding refused the family mismatch.
    private const string MappedCandidateBootstrap =
        "56000208596abf0d000010020000005b7b096493000000530200004f030401027effffff001ba8c0a8010a84020264ffffff01c000cb00710a1ba8c0a8010a86090100ff000000000000000000000000000000ffff00000000000000000000000000000000000000000002";

    [Fact]
    public void DecodeEncode_IPv4MappedIPv6Candidate_RoundTripsAsIPv6()
    {
        var message = P2ppCodec.Decode(Hex.Parse(MappedCandidateBootstrap));

        var again = P2ppCodec.Decode(P2ppCodec.Encode(message));

        Assert.Equal(message, again);
    }

    [Fact]
    public void Encode_MappedAddressCandidate_WritesIPVersion6()
    {
        var candidate = new IceCandidate(IPAddress.Parse("::ffff:192.0.2.1"), 7080, RelatedAddress: IPAddress.Parse("2001:db8::1"), RelatedPort: 9);
        var message = new P2ppMessage(
            new P2ppHeader(MessageKind.Request, RequestType.Query, 1, NodeId.Zero(20)),
            [new PeerInfo(null, new AddressInfo([candidate]))]);

        var decoded = P2ppCodec.Decode(P2ppCodec.Encode(message));

        var back = Assert.Single(Assert.IsType<PeerInfo>(Assert.Single(decoded.Objects)).Address!.Candidates);
        Assert.Equal(IPAddress.Parse("::ffff:192.0.2.1"), back.Address);
        Assert.Equal(candidate, back);
    }
}
