using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// tshark capturing every UDP datagram on one interface of a test's namespace while SIP calls run, then the checks
/// issue 8 asks of the capture: nothing malformed in SIP, SDP or RTP (the RTP ports told to tshark with
/// <c>-d udp.port==N,rtp</c>, from the SDP in the capture), and the SIP port's datagrams all dissected as SIP.
/// </summary>
internal sealed class SipCapture : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("peerlink-sipcap-");
    private readonly TsharkSession _tshark = new();
    private readonly NamespaceProcess _process;

    private SipCapture(string ns, string interfaceName, int? port)
    {
        CaptureFile = Path.Combine(_directory.FullName, "sip.pcapng");
        var config = Directory.CreateDirectory(Path.Combine(_directory.FullName, "config")).FullName;
        var filter = port is { } p ? $"udp port {p.ToString(CultureInfo.InvariantCulture)}" : "udp";
        _process = NamespaceProcess.Start(
            ns, TimeSpan.FromSeconds(240), new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = config },
            TsharkSession.Tool, "-n", "-i", interfaceName, "-f", filter, "-w", CaptureFile);
    }

    public string CaptureFile { get; }

    /// <summary>Starts capturing (all UDP, or only to and from <paramref name="port"/>) and waits (bounded) until tshark is.</summary>
    public static SipCapture Start(string ns, string interfaceName, int? port = null)
    {
        var capture = new SipCapture(ns, interfaceName, port);
        try
        {
            capture._process.WaitForLine(l => l.StartsWith("Capturing on", StringComparison.Ordinal), TimeSpan.FromSeconds(15), onErrors: true);
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Stops tshark (SIGINT: it closes the file) and checks the file is there.</summary>
    public void Stop()
    {
        // libpcap's TPACKET_V3 ring hands a block of packets to dumpcap only when the block fills or its timeout
        // (about a second) runs out, and a block still open at SIGINT is lost with the last packets of a call.
        Thread.Sleep(TimeSpan.FromSeconds(2));
        _process.Stop(NamespaceProcess.SigInt);
        Assert.True(File.Exists(CaptureFile), $"tshark wrote no {CaptureFile}: {_process.Transcript()}");
    }

    /// <summary>The RTP ports the SDP bodies in the capture name (m=audio PORT), both sides.</summary>
    public List<int> RtpPorts() =>
        [.. _tshark.Run(CaptureFile, "-Y", "sdp", "-T", "fields", "-e", "sdp.media.port").Out
            .Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Where(p => p > 0).Distinct().Order()];

    /// <summary>Frames a display filter matches, with every SDP-named port decoded as RTP.</summary>
    /// <summary>Fields of the frames a display filter matches, by frame number.</summary>
    public SortedDictionary<int, Dictionary<string, string>> Fields(string filter, params string[] fields) => _tshark.Fields(CaptureFile, filter, fields);

    public List<int> Frames(string filter) =>
        [.. _tshark.Run(CaptureFile, [.. DecodeAsRtp(), "-Y", filter, "-T", "fields", "-e", "frame.number"]).Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.Parse(n, CultureInfo.InvariantCulture))];

    /// <summary>The summary lines of frames, for failure messages.</summary>
    public string Describe(IEnumerable<int> frames) => frames.Take(10).ToList() is { Count: > 0 } first
        ? _tshark.Run(CaptureFile, [.. DecodeAsRtp(), "-Y", string.Join(" || ", first.Select(f => $"frame.number=={f}"))]).Out
        : string.Empty;

    /// <summary>
    /// The checks every SIP interop test makes: SIP and SDP frames there, RTP there when <paramref name="expectRtp"/>,
    /// nothing malformed, and every datagram to or from <paramref name="sipPorts"/> dissected as SIP.
    /// </summary>
    public void AssertClean(int minimumSip, bool expectRtp, params int[] sipPorts)
    {
        var sip = Frames("sip");
        Assert.True(sip.Count >= minimumSip, $"{sip.Count} SIP frames, expected at least {minimumSip}: {Census()}");
        Assert.NotEmpty(Frames("sdp"));
        if (expectRtp)
        {
            Assert.NotEmpty(Frames("rtp"));
        }

        var malformed = Frames("_ws.malformed || _ws.expert.severity == error");
        Assert.True(malformed.Count == 0, $"malformed frames: {string.Join(',', malformed)}\n{Describe(malformed)}");
        var portFilter = string.Join(" || ", sipPorts.Select(p => $"udp.port=={p}"));
        var notSip = Frames($"({portFilter}) && !sip && !icmp");
        Assert.True(notSip.Count == 0, $"datagrams on the SIP port(s) not dissected as SIP: {string.Join(',', notSip)}\n{Describe(notSip)}");
    }

    /// <summary>How many frames of each SIP method and status, and of each protocol, for failure messages.</summary>
    public string Census()
    {
        var sip = _tshark.Run(CaptureFile, "-Y", "sip", "-T", "fields", "-e", "sip.Method", "-e", "sip.Status-Code").Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).GroupBy(l => l.Trim()).Select(g => $"{g.Key}={g.Count()}");
        var protocols = _tshark.Run(CaptureFile, [.. DecodeAsRtp(), "-T", "fields", "-e", "_ws.col.Protocol"]).Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).GroupBy(l => l.Trim()).Select(g => $"{g.Key}={g.Count()}");
        return string.Join(' ', sip) + "; " + string.Join(' ', protocols);
    }

    public void Dispose()
    {
        _process.Dispose();
        _tshark.Dispose();
        _directory.Delete(recursive: true);
    }

    private List<string> DecodeAsRtp() => [.. RtpPorts().SelectMany(p => new[] { "-d", $"udp.port=={p},rtp" })];
}
