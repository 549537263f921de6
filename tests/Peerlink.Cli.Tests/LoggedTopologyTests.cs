using Peerlink.Overlay.Topologies.Pastry;

namespace Peerlink.Cli.Tests;

/// <summary>What <c>peerlink node</c> says about a table that is not Chord's: the peers that enter it and leave it.</summary>
public sealed class LoggedTopologyTests
{
    [Fact]
    public void Observe_NewPeers_LogsEachOnceWithTheCount()
    {
        using var log = new TableLog();
        var table = Pastry(log);
        var a = TableLog.Peer(0x80, 7001);
        var b = TableLog.Peer(0x20, 7002);

        table.Observe(a);
        table.Observe(a); // nothing new
        table.Observe(b);

        Assert.Equal([$"peer {a} in the table (1 peer)", $"peer {b} in the table (2 peers)"], log.Lines);
    }

    [Fact]
    public void Remove_SilentPeer_LogsMarkedDeadThenOutOfTheTable()
    {
        using var log = new TableLog();
        var table = Pastry(log);
        var a = TableLog.Peer(0x80, 7001);
        table.Observe(a);
        log.Clear();

        table.Remove(a.Id);

        Assert.Equal([$"peer {a} marked dead (no answer)", $"peer {a} out of the table (0 peers)"], log.Lines);
    }

    private static LoggedTopology Pastry(TableLog log) =>
        new(new PastryTable(TableLog.Peer(0x10, 7000), new Random(1)), log.Log);
}
