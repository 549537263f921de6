using Peerlink.Core;

namespace Peerlink.Wire;

/// <summary>A P2PP message: the common header and its TLV objects in order (§8).</summary>
/// <param name="Header">The common header.</param>
/// <param name="Objects">The top-level objects.</param>
public sealed record P2ppMessage(P2ppHeader Header, ValueList<P2ppObject> Objects)
{
    /// <summary>The first top-level object of a type, or null.</summary>
    public T? Find<T>()
        where T : P2ppObject
    {
        foreach (var o in Objects)
        {
            if (o is T t)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Every top-level object of a type, in order.</summary>
    public IEnumerable<T> All<T>()
        where T : P2ppObject => Objects.OfType<T>();
}
