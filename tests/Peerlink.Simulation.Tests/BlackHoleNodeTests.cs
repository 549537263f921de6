using Peerlink.Core;
using Peerlink.Overlay;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;

namespace Peerlink.Simulation.Tests;

/// <summary>A black hole (issue 4) answers what keeps it in tables and swallows what it should route.</summary>
public class BlackHoleNodeTests
{
    private readonly Simulator _sim = new(new SimulationOptions { Seed = 11, Latency = LatencyModel.Parse("constant:10ms") });
    private readonly BlackHoles _set = new(new LookupScenarioOptions { Nodes = 2, BlackHoles = 0.5, Seed = 1 });
    private readonly RecordingEngine _asker;
    private readonly SimulatedNode _hole;
    private uint _transaction;

    public BlackHoleNodeTests()
    {
        _asker = (RecordingEngine)_sim.GetEngine(_sim.AddNode(c => new RecordingEngine(c)))!;
        _hole = _sim.AddNode(c =>
        {
            var random = c.CreateRandom();
            return new BlackHoleNode(new OverlayNode(new ChordTable(new PeerRef(NodeId.Random(random, 20), c.Address)), c.Sender, random), _set);
        });
        _sim.Invoke<BlackHoleNode>(_hole, n => n.Inner.StartAlone(_sim.Now));
    }

    [Theory]
    [InlineData(RequestType.LookupObject)]
    [InlineData(RequestType.LookupPeer)]
    [InlineData(RequestType.Publish)]
    [InlineData(RequestType.RemoveObject)]
    public void Receive_DarkRoutedRequest_NoAckNoAnswerAndCounted(RequestType type)
    {
        _set.Dark = true;

        Ask(type);

        Assert.Empty(_asker.Received);
        Assert.Equal(1, _set.Drops[type.ToString()]);
    }

    [Fact]
    public void Receive_DarkKeepAlive_AnsweredAsByAnHonestPeer()
    {
        _set.Dark = true;

        Ask(RequestType.KeepAlive);

        // The responseACK, and its retransmissions (the asker never acknowledges it).
        Assert.NotEmpty(_asker.Received);
        Assert.All(_asker.Received, r => Assert.Equal(ResponseCode.Ok, P2ppCodec.Decode(r.Packet).Header.ResponseCode));
        Assert.Empty(_set.Drops);
    }

    [Fact]
    public void Receive_LookupBeforeDark_Answered()
    {
        Ask(RequestType.LookupObject);

        Assert.NotEmpty(_asker.Received);
        Assert.Empty(_set.Drops);
    }

    // A request of `type` from the asker to the black hole, ending there (an overlay of one owns every
    // key); a lookup without its RLookup gets a 400, which is an answer all the same.
    private void Ask(RequestType type)
    {
        var header = new P2ppHeader(MessageKind.Request, type, ++_transaction, NodeId.FromUInt64(7, 20)) { Ttl = 8, FromPeer = true };
        _asker.Send(_hole.Address, P2ppCodec.Encode(new P2ppMessage(header, [])));
        _sim.RunFor(TimeSpan.FromSeconds(1));
    }
}
