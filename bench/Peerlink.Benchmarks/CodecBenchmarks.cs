using System.Buffers;
using BenchmarkDotNet.Attributes;
using Peerlink.Wire;

namespace Peerlink.Benchmarks;

/// <summary>
/// Encode and decode of three typical messages, and the allocation-free fixed-header parse.
/// Encoding writes into one reused <see cref="ArrayBufferWriter{T}"/>, so only the codec's own
/// allocations are counted.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(128 * 1024);
    private P2ppMessage _join = null!;
    private P2ppMessage _lookup = null!;
    private P2ppMessage _resource = null!;
    private byte[] _joinBytes = [];
    private byte[] _lookupBytes = [];
    private byte[] _resourceBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _join = Messages.JoinRequest();
        _lookup = Messages.LookupObjectResponse();
        _resource = Messages.LargeResourceObject();
        _joinBytes = P2ppCodec.Encode(_join);
        _lookupBytes = P2ppCodec.Encode(_lookup);
        _resourceBytes = P2ppCodec.Encode(_resource);
        Check(_join, _joinBytes);
        Check(_lookup, _lookupBytes);
        Check(_resource, _resourceBytes);
    }

    private static void Check(P2ppMessage message, byte[] bytes)
    {
        if (P2ppCodec.Decode(bytes) != message)
        {
            throw new InvalidOperationException($"{message.Header.RequestType} does not round-trip");
        }
    }

    [Benchmark(Description = "Encode Join request")]
    public int EncodeJoin()
    {
        _output.ResetWrittenCount();
        return P2ppCodec.Encode(_join, _output);
    }

    [Benchmark(Description = "Decode Join request")]
    public P2ppMessage DecodeJoin() => P2ppCodec.Decode(_joinBytes);

    [Benchmark(Description = "Encode LookupObject response (5 Peer-Infos)")]
    public int EncodeLookupResponse()
    {
        _output.ResetWrittenCount();
        return P2ppCodec.Encode(_lookup, _output);
    }

    [Benchmark(Description = "Decode LookupObject response (5 Peer-Infos)")]
    public P2ppMessage DecodeLookupResponse() => P2ppCodec.Decode(_lookupBytes);

    [Benchmark(Description = "Encode 64 KiB Resource-Object")]
    public int EncodeResourceObject()
    {
        _output.ResetWrittenCount();
        return P2ppCodec.Encode(_resource, _output);
    }

    [Benchmark(Description = "Decode 64 KiB Resource-Object")]
    public P2ppMessage DecodeResourceObject() => P2ppCodec.Decode(_resourceBytes);

    [Benchmark(Description = "P2ppFixedHeader.TryRead")]
    public uint ParseFixedHeader() =>
        P2ppFixedHeader.TryRead(_joinBytes, out var header) ? header.MessageLength ^ header.TransactionId : 0;
}
