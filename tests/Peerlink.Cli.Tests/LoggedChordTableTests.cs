using Peerlink.Overlay;
using Peerlink.Overlay.Topologies.Chord;

namespace Peerlink.Cli.Tests;

/// <summary>What <c>peerlink node</c> says about its Chord table, from the changes the table reports.</summary>
public sealed class LoggedChordTableTests : IDisposable
{
    private readonly TableLog _log = new();
    private readonly LoggedChordTable _table;

    public LoggedChordTableTests() =>
        _table = new LoggedChordTable(new ChordTable(Peer(0x10, 7000)), _log.Log);

    public void Dispose() => _log.Dispose();

    private string[] Lines => _log.Lines;

    [Fact]
    public void Observe_FirstPeer_LogsSuccessorPredecessorAndFingerOnce()
    {
        var a = Peer(0x80, 7001);

        Assert.NotEqual(TableChange.None, _table.Observe(a));
        _table.Observe(a); // nothing new

        Assert.Equal([$"successor now {a}", $"predecessor now {a}", $"finger 158 -> {a}"], Lines);
    }

    [Fact]
    public void Observe_CloserPeer_LogsTheNewSuccessorOnly()
    {
        var far = Peer(0x80, 7001);
        var near = Peer(0x20, 7002);
        _table.Observe(far);
        _log.Clear();

        _table.Observe(near);

        Assert.Contains($"successor now {near}", Lines);
        Assert.DoesNotContain(Lines, l => l.StartsWith("predecessor", StringComparison.Ordinal));
    }

    [Fact]
    public void Remove_OutsideALeave_LogsMarkedDeadOnceUntilSeenAgain()
    {
        var a = Peer(0x80, 7001);
        _table.Observe(a);
        _log.Clear();

        _table.Remove(a.Id);
        _table.Remove(a.Id); // a second timeout of the same silent peer

        Assert.Equal(1, Lines.Count(l => l == $"peer {a} marked dead (no answer)"));
        Assert.Contains("no successor: alone in the overlay", Lines);
        Assert.Contains("predecessor unknown", Lines);
        Assert.Contains("finger 158 dropped", Lines);

        _table.Observe(a);
        _table.Remove(a.Id);
        Assert.Equal(2, Lines.Count(l => l == $"peer {a} marked dead (no answer)"));
    }

    [Fact]
    public void Remove_DuringItsLeave_LogsLeftNotDead()
    {
        var a = Peer(0x80, 7001);
        _table.Observe(a);
        _table.Leaving = a.Id;

        _table.Remove(a.Id);

        Assert.True(_table.LeaveTaken);
        Assert.Contains($"peer {a} left the overlay (Leave)", Lines);
        Assert.DoesNotContain(Lines, l => l.Contains("marked dead", StringComparison.Ordinal));
    }

    private static PeerRef Peer(byte first, ushort port) => TableLog.Peer(first, port);
}
