using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Pastry;

/// <summary>
/// Pastry's routing table (Rowstron and Druschel 2001, §2.1): row r holds peers that share the
/// first r digits (base 2^b) with this node, in the column of their digit r; one peer per cell.
/// The cell of this node's own digit stays empty (such peers belong to a later row).
/// </summary>
/// <remarks>
/// <para>
/// Proximity neighbour selection (the paper's "Locality" section; Bamboo, Rhea et al. 2004,
/// "Proximity neighbor selection"): any peer with the cell's prefix routes equally well, so the
/// cell keeps the one with the lowest measured round trip. A candidate without a measurement never
/// displaces an entry; one with a measurement displaces an entry without one.
/// </para>
/// <para>
/// Rows are allocated when their first peer arrives, and only up to the deepest one used: of the
/// ⌈m/b⌉ rows (40 for SHA-1 and b = 4) an overlay of N nodes fills about log_(2^b) N (4 to 5 at
/// 100,000). A cell is a <see cref="PeerRef"/> and a round trip, 40 bytes; a row of 16, 640 bytes.
/// </para>
/// </remarks>
internal sealed class PastryRoutingTable
{
    private readonly NodeId _self;
    private readonly int _bits;
    private readonly int _columns;
    private Cell[]?[] _rows = [];
    private int _count;

    public PastryRoutingTable(NodeId self, int bitsPerDigit)
    {
        _self = self;
        _bits = bitsPerDigit;
        _columns = 1 << bitsPerDigit;
        DigitCount = self.DigitCount(bitsPerDigit);
    }

    /// <summary>Digits of an ID: the most rows there can be.</summary>
    public int DigitCount { get; }

    /// <summary>2^b.</summary>
    public int Columns => _columns;

    /// <summary>Entries held.</summary>
    public int Count => _count;

    /// <summary>Rows allocated so far: every entry lies in a row below this.</summary>
    public int AllocatedRows => _rows.Length;

    /// <summary>This node's own digit in <paramref name="row"/>: the column that stays empty.</summary>
    public int OwnColumn(int row) => _self.Digit(row, _bits);

    /// <summary>The row and column where <paramref name="id"/> (not this node's ID) belongs.</summary>
    public (int Row, int Column) CellOf(NodeId id)
    {
        var row = NodeId.SharedPrefixLength(_self, id, _bits);
        return (row, id.Digit(row, _bits));
    }

    /// <summary>The entry of a cell, if any.</summary>
    public bool TryGet(int row, int column, out PeerRef peer)
    {
        if (row < _rows.Length && _rows[row] is { } cells && !cells[column].IsEmpty)
        {
            peer = cells[column].Peer;
            return true;
        }

        peer = default;
        return false;
    }

    /// <summary>The round trip measured for a cell's entry, if any.</summary>
    public TimeSpan? RttAt(int row, int column) =>
        row < _rows.Length && _rows[row] is { } cells && !cells[column].IsEmpty && cells[column].Rtt != TimeSpan.MaxValue
            ? cells[column].Rtt
            : null;

    /// <summary>Entries in <paramref name="row"/>.</summary>
    public int CountInRow(int row)
    {
        if (row >= _rows.Length || _rows[row] is not { } cells)
        {
            return 0;
        }

        var count = 0;
        foreach (var cell in cells)
        {
            if (!cell.IsEmpty)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether <paramref name="id"/> is an entry, and its address.</summary>
    public bool TryGetAddress(NodeId id, out NodeAddress address)
    {
        if (id != _self)
        {
            var (row, column) = CellOf(id);
            if (TryGet(row, column, out var peer) && peer.Id == id)
            {
                address = peer.Address;
                return true;
            }
        }

        address = default;
        return false;
    }

    /// <summary>
    /// Places <paramref name="peer"/> in its cell: into an empty cell, over itself (a new address or a
    /// new round trip), or over another entry when it is measured nearer (PNS). Returns whether the
    /// entries changed; <paramref name="contested"/> is set when the peer lost to an entry only for
    /// want of a measurement, and would be worth measuring.
    /// </summary>
    public bool Offer(PeerRef peer, TimeSpan? rtt, out bool contested)
    {
        contested = false;
        var (row, column) = CellOf(peer.Id);
        if (row >= _rows.Length)
        {
            Array.Resize(ref _rows, row + 1);
        }

        var cells = _rows[row] ??= new Cell[_columns];
        ref var cell = ref cells[column];
        var measured = rtt ?? TimeSpan.MaxValue;
        if (cell.IsEmpty)
        {
            cell = new Cell(peer, measured);
            _count++;
            return true;
        }

        if (cell.Peer.Id == peer.Id)
        {
            var moved = cell.Peer.Address != peer.Address;
            cell = new Cell(peer, rtt ?? cell.Rtt);
            return moved;
        }

        if (measured < cell.Rtt)
        {
            cell = new Cell(peer, measured);
            return true;
        }

        contested = rtt is null;
        return false;
    }

    /// <summary>Empties the cell of <paramref name="id"/> if it holds that peer.</summary>
    public bool Remove(NodeId id)
    {
        if (id == _self)
        {
            return false;
        }

        var (row, column) = CellOf(id);
        if (row < _rows.Length && _rows[row] is { } cells && !cells[column].IsEmpty && cells[column].Peer.Id == id)
        {
            cells[column] = default;
            _count--;
            return true;
        }

        return false;
    }

    /// <summary>Every entry, row by row.</summary>
    public IEnumerable<PeerRef> Peers
    {
        get
        {
            foreach (var cells in _rows)
            {
                if (cells is null)
                {
                    continue;
                }

                foreach (var cell in cells)
                {
                    if (!cell.IsEmpty)
                    {
                        yield return cell.Peer;
                    }
                }
            }
        }
    }

    /// <summary>The <paramref name="index"/>-th entry of <paramref name="row"/>, counting filled cells from column 0.</summary>
    public PeerRef EntryInRow(int row, int index)
    {
        if (row < _rows.Length && _rows[row] is { } cells)
        {
            foreach (var cell in cells)
            {
                if (!cell.IsEmpty && index-- == 0)
                {
                    return cell.Peer;
                }
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    // An entry and its measured round trip (TimeSpan.MaxValue: not measured).
    private readonly record struct Cell(PeerRef Peer, TimeSpan Rtt)
    {
        public bool IsEmpty => Peer.Id.IsEmpty;
    }
}
