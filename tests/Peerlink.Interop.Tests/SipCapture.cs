using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// `tshark -i IF -f "udp port P" -w FILE` inside a test's namespace while a SIP call runs, read back with
/// <see cref="TsharkSession"/> (as <see cref="MdnsCapture"/> does for mDNS): Start waits until tshark is
/// capturing; Stop sends SIGINT, on which tshark finishes the file.
/// </summary>
internal sealed class SipCapture : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("peerlink-sipcap-");
    private readonly TsharkSession _tshark = new();
    private NamespaceProcess? _process;

    private SipCapture() => CaptureFile = Path.Combine(_directory.FullName, "sip.pcapng");

    /// <summary>The capture file; complete once <see cref="Stop"/> has returned.</summary>
    public string CaptureFile { get; }

    /// <summary>Starts capturing UDP to and from <paramref name="port"/> and waits (bounded) until tshark is.</summary>
    public static SipCapture Start(string ns, string interfaceName, int port)
    {
        var capture = new SipCapture();
        try
        {
            var config = Directory.CreateDirectory(Path.Combine(capture._directory.FullName, "config")).FullName;
            capture._process = NamespaceProcess.Start(
                ns, TimeSpan.FromSeconds(180), new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = config },
                TsharkSession.Tool, "-n", "-i", interfaceName, "-f", $"udp port {port.ToString(CultureInfo.InvariantCulture)}", "-w", capture.CaptureFile);
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

    /// <summary>Frames a display filter matches.</summary>
    public List<int> Frames(string filter) => _tshark.Frames(CaptureFile, filter);

    /// <summary>Fields of the frames a filter matches, by frame number.</summary>
    public SortedDictionary<int, Dictionary<string, string>> Fields(string filter, params string[] fields) => _tshark.Fields(CaptureFile, filter, fields);

    public void Dispose()
    {
        _process?.Dispose();
        _tshark.Dispose();
        _directory.Delete(recursive: true);
    }
}
