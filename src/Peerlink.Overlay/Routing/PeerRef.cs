using Peerlink.Core;

namespace Peerlink.Overlay;

/// <summary>A peer as routing tables hold it: its ID and where to send to it.</summary>
/// <param name="Id">The peer's ID.</param>
/// <param name="Address">Its address.</param>
public readonly record struct PeerRef(NodeId Id, NodeAddress Address)
{
    /// <summary>"id@address", the ID shortened to 8 hex digits.</summary>
    public override string ToString() => $"{Id.ToString()[..Math.Min(8, Id.Length * 2)]}@{Address}";
}
