namespace Peerlink.Simulation;

/// <summary>
/// Objects waiting for their event, by slot number: the queue's entries stay free of references
/// (see <see cref="SimulationEvent"/>). Freed slots are reused, last freed first, so the table is
/// as large as the most items ever waiting at once.
/// </summary>
internal sealed class SlotTable<T>
{
    private readonly Stack<int> _free = new();
    private T[] _items = new T[256];
    private int _used;

    /// <summary>Items waiting.</summary>
    public int Count => _used - _free.Count;

    public int Add(T item)
    {
        if (!_free.TryPop(out var slot))
        {
            if (_used == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            slot = _used++;
        }

        _items[slot] = item;
        return slot;
    }

    /// <summary>Takes the item out and frees its slot (dropping the reference, for the garbage collector).</summary>
    public T Take(int slot)
    {
        var item = _items[slot];
        _items[slot] = default!;
        _free.Push(slot);
        return item;
    }
}
