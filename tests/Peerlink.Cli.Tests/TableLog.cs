using Peerlink.Core;
using Peerlink.Overlay;

namespace Peerlink.Cli.Tests;

/// <summary>The lines a logged table writes, without their time stamps, and peers to feed it: for the logged-table tests.</summary>
internal sealed class TableLog : IDisposable
{
    private readonly StringWriter _output = new();

    public TableLog() => Log = new NodeLog(_output);

    public NodeLog Log { get; }

    // Each line starts with "HH:mm:ss.fff ": 13 characters.
    public string[] Lines => _output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => l[13..]).ToArray();

    /// <summary>A 20-byte ID whose first byte is <paramref name="first"/>, on 127.0.0.1.</summary>
    public static PeerRef Peer(byte first, ushort port)
    {
        var id = new byte[20];
        id[0] = first;
        return new PeerRef(NodeId.FromBytes(id), NodeAddress.FromEndPoint(new(System.Net.IPAddress.Loopback, port)));
    }

    /// <summary>Forgets what was written so far.</summary>
    public void Clear() => _output.GetStringBuilder().Clear();

    public void Dispose() => _output.Dispose();
}
