using System.Net;
using BenchmarkDotNet.Attributes;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Benchmarks;

/// <summary>
/// The costs of the steps the decoder repeats for every object or candidate, to see where the
/// Join decode's time goes. Each mirrors a line of src/Peerlink.Wire (named in the description).
/// </summary>
[MemoryDiagnoser]
public class DecoderPartsBenchmarks
{
    private readonly byte[] _id = new byte[Messages.IdLength];
    private readonly byte[] _ipv4 = [192, 168, 1, 10];
    private readonly IceCandidate[] _candidates = [.. Messages.ThreeCandidates(0).Candidates];
    private readonly byte _type = (byte)ObjectType.PeerInfo;

    [Benchmark(Description = "ObjectType.ToString() (P2ppObject.Read: ExpectEnd argument)")]
    public string ObjectTypeName() => ((ObjectType)_type).ToString();

    [Benchmark(Description = "Enum.IsDefined(ObjectType) (P2ppObject.Read)")]
    public bool ObjectTypeDefined() => Enum.IsDefined((ObjectType)_type);

    [Benchmark(Description = "new IPAddress(4-byte span) (AddressInfo.ReadValue)")]
    public IPAddress Address() => new(_ipv4);

    [Benchmark(Description = "NodeId.FromBytes(20 bytes) (header, Peer-ID)")]
    public NodeId Id() => NodeId.FromBytes(_id);

    [Benchmark(Description = "ValueList.Create(3 candidates) (copies the array)")]
    public ValueList<IceCandidate> CandidateList() => ValueList.Create<IceCandidate>(_candidates);
}
