using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// `tshark -i IF -f "udp port 5353" -w FILE` inside a test's namespace for as long as the test runs,
/// then read back with <see cref="TsharkSession"/>. Start waits until tshark says it is capturing,
/// so no packet sent after it returns is missed; Stop sends SIGINT, the signal on which tshark
/// finishes writing the file.
/// </summary>
internal sealed class MdnsCapture : IDisposable
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(180);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("peerlink-capture-");
    private readonly TsharkSession _tshark = new();
    private NamespaceProcess? _process;

    private MdnsCapture(string ns, string interfaceName)
    {
        Namespace = ns;
        Interface = interfaceName;
        CaptureFile = Path.Combine(_directory.FullName, "mdns.pcapng");
    }

    public string Namespace { get; }

    public string Interface { get; }

    /// <summary>The capture file; complete once <see cref="Stop"/> has returned.</summary>
    public string CaptureFile { get; }

    /// <summary>Starts capturing and waits (bounded) until tshark is.</summary>
    public static MdnsCapture Start(string ns, string interfaceName)
    {
        var capture = new MdnsCapture(ns, interfaceName);
        try
        {
            var config = Directory.CreateDirectory(Path.Combine(capture._directory.FullName, "config")).FullName;
            capture._process = NamespaceProcess.Start(
                ns, s_lifetime, new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = config },
                TsharkSession.Tool, "-n", "-i", interfaceName, "-f", "udp port 5353", "-w", capture.CaptureFile);
            capture._process.WaitForLine(l => l.StartsWith("Capturing on", StringComparison.Ordinal), TimeSpan.FromSeconds(15), onErrors: true);
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Stops the capture (SIGINT, bounded wait, then kill) and checks the file was written.</summary>
    public void Stop()
    {
        _process?.Stop(NamespaceProcess.SigInt);
        Assert.True(File.Exists(CaptureFile), $"tshark wrote no {CaptureFile}: {_process?.Transcript()}");
    }

    /// <summary>Numbers of the mDNS frames Wireshark's dissector calls malformed.</summary>
    public List<int> MalformedFrames() => _tshark.Frames(CaptureFile, "mdns && _ws.malformed");

    /// <summary>How many mDNS frames were captured.</summary>
    public int MdnsFrameCount() => _tshark.Frames(CaptureFile, "mdns").Count;

    /// <summary>Frames a display filter matches, e.g. "mdns &amp;&amp; dns.flags.response == 1".</summary>
    public List<int> Frames(string filter) => _tshark.Frames(CaptureFile, filter);

    public void Dispose()
    {
        _process?.Dispose();
        _tshark.Dispose();
        _directory.Delete(recursive: true);
    }
}
