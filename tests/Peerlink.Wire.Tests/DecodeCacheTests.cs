using FsCheck.Xunit;

namespace Peerlink.Wire.Tests;

/// <summary>
/// <see cref="DecodeCache"/>: a decode through the cache gives the message a decode without it gives,
/// shares the Peer-Info it decoded before, and still refuses what the limits refuse.
/// </summary>
public class DecodeCacheTests
{
    private static MessageVector WithPeerInfo =>
        MessageVectors.All.First(v => v.Expected.Objects.Any(o => o is PeerInfo { Address: not null }));

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 300)]
    public void Decode_ThroughACacheTwice_GivesTheMessageAsWithoutOne(MessageCase c)
    {
        var bytes = P2ppCodec.Encode(c.Message, c.Options);
        var cached = c.Options with { Cache = new DecodeCache(64) };

        var first = P2ppCodec.Decode(bytes, cached);
        var second = P2ppCodec.Decode(bytes, cached);

        Assert.Equal(P2ppCodec.Decode(bytes, c.Options), first);
        Assert.Equal(first, second);
        Assert.Equal(bytes, P2ppCodec.Encode(second, c.Options));
    }

    [Fact]
    public void Decode_SamePeerInfoBytesAgain_HandsBackTheSameInstance()
    {
        var vector = WithPeerInfo;
        var options = (vector.Options ?? WireOptions.Default) with { Cache = new DecodeCache() };

        var first = P2ppCodec.Decode(vector.Wire, options).Objects.OfType<PeerInfo>().First();
        var again = P2ppCodec.Decode(vector.Wire, options).Objects.OfType<PeerInfo>().First();
        var uncached = P2ppCodec.Decode(vector.Wire, vector.Options).Objects.OfType<PeerInfo>().First();

        Assert.Same(first, again);
        Assert.NotSame(first, uncached);
        Assert.Equal(uncached, again);
    }

    [Fact]
    public void Decode_CachedPeerInfoOverTheObjectLimit_RefusedAsWithoutTheCache()
    {
        var vector = WithPeerInfo;
        var loose = (vector.Options ?? WireOptions.Default) with { Cache = new DecodeCache() };
        var objects = CountObjects(vector.Expected.Objects);
        P2ppCodec.Decode(vector.Wire, loose);
        var strict = loose with { MaxObjects = objects - 1 };

        var withCache = Assert.Throws<MalformedMessageException>(() => P2ppCodec.Decode(vector.Wire, strict));
        var without = Assert.Throws<MalformedMessageException>(() => P2ppCodec.Decode(vector.Wire, strict with { Cache = null }));

        Assert.Equal(DecodeError.TooComplex, without.Error);
        Assert.Equal(without.Error, withCache.Error);
        Assert.NotNull(P2ppCodec.Decode(vector.Wire, loose with { MaxObjects = objects }));
    }

    [Fact]
    public void Decode_CachedPeerInfoDeeperThanTheLimit_RefusedAsWithoutTheCache()
    {
        // Peer-Info at level 1 holds its Peer-ID and Address-Info at level 2: a limit of 1 refuses it.
        var vector = WithPeerInfo;
        var loose = (vector.Options ?? WireOptions.Default) with { Cache = new DecodeCache() };
        P2ppCodec.Decode(vector.Wire, loose);
        var shallow = loose with { MaxDepth = 1 };

        var withCache = Assert.Throws<MalformedMessageException>(() => P2ppCodec.Decode(vector.Wire, shallow));
        var without = Assert.Throws<MalformedMessageException>(() => P2ppCodec.Decode(vector.Wire, shallow with { Cache = null }));

        Assert.Equal(DecodeError.TooComplex, without.Error);
        Assert.Equal(without.Error, withCache.Error);
        Assert.NotNull(P2ppCodec.Decode(vector.Wire, loose with { MaxDepth = 2 }));
    }

    [Fact]
    public void Constructor_NoSlots_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecodeCache(0));

    // TLV objects at every level, as the decoder counts them (a Peer-Info, its Peer-ID, its Address-Info).
    private static int CountObjects(IEnumerable<P2ppObject> objects) => objects.Sum(o => 1 + o switch
    {
        PeerInfo p => (p.PeerId is null ? 0 : 1) + (p.Address is null ? 0 : 1) + (p.Uptime is null ? 0 : 1) + (p.Expires is null ? 0 : 1)
            + (p.UnhashedId is null ? 0 : 1) + (p.Certificate is null ? 0 : 1) + (p.Connections is null ? 0 : 1)
            + (p.Utilization is null ? 0 : 1) + (p.Services is null ? 0 : 1) + p.Extensions.Count,
        PeerTable t => CountObjects(t.Entries),
        _ => 0,
    });
}
