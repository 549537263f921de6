namespace Peerlink.Wire;

/// <summary>Collects the sub-objects of a container while reading it: single ones at most once, unknown ones in a list.</summary>
internal static class Slots
{
    /// <summary>Fills an empty slot; false when it was already filled (a duplicate sub-object).</summary>
    public static bool Once<T>(ref T? slot, T part)
        where T : P2ppObject
    {
        if (slot is not null)
        {
            return false;
        }

        slot = part;
        return true;
    }

    /// <summary>Appends an ignorable unknown sub-object.</summary>
    public static bool Add(ref List<UnknownObject>? list, UnknownObject part)
    {
        (list ??= []).Add(part);
        return true;
    }
}
