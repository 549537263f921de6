using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Peerlink.Bench;
using Peerlink.Interop.Tests;
using Peerlink.TestSupport;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.MdnsBench;

/// <summary>
/// How many queries a second the responder answers on one core. `peerlink dnssd publish` runs in
/// namespace A pinned to core 1; this process, pinned to core 0, sends PTR queries for the published
/// type from a socket in namespace B on an ephemeral port. Those are legacy unicast queries (RFC 6762
/// §6.7): each gets its own unicast reply echoing its ID, and none is subject to the once-a-second
/// limit on multicasting a record (§6). Each step sends at a paced rate for 2 s (in 1 ms batches
/// against a Stopwatch), waits 1 s for stragglers, and counts the queries whose ID came back.
/// </summary>
internal static class ResponderLoad
{
    public const int WarmUpRate = 1_000;

    public static IReadOnlyList<int> Rates { get; } = [2_500, 5_000, 10_000, 20_000, 40_000];

    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_stragglers = TimeSpan.FromSeconds(1);

    /// <summary>Runs the steps; <paramref name="pinning"/> says where each side ran.</summary>
    public static IReadOnlyList<LoadStep> Run(TextWriter log, out string pinning)
    {
        using var ns = NetworkNamespaces.Create();
        var instance = $"plkbench-load-{Environment.ProcessId}";
        using var publisher = NamespaceProcess.Start(
            ns.NamespaceA, TimeSpan.FromSeconds(120), null,
            "taskset", "-c", "1", BenchService.Dotnet, PeerlinkDnssd.Dll, "dnssd", "publish", instance, BenchService.Type, "9000", "--interface", ns.VethA, "--json");
        publisher.WaitForLine(l => l.Contains("\"established\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        PinSelfToCore0();
        var pid = ProcStats.FindDotnet(instance);
        pinning = $"responder (`peerlink dnssd publish`, pid {pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not found"}) on CPUs {(pid is { } p ? ProcStats.AllowedCpus(p) : "?")}, " +
            $"bench on CPUs {ProcStats.AllowedCpus(Environment.ProcessId)}";
        log.WriteLine($"  {pinning}");

        // One encoded PTR query; each send patches its 16-bit ID (the first two bytes, RFC 1035 §4.1.1).
        var query = DnsCodec.Encode(DnsMessage.Query(new DnsQuestion(BenchService.BrowseName, DnsRecordType.Ptr)));
        var target = new IPEndPoint(IPAddress.Parse(ns.AddressA), 5353);
        List<LoadStep> steps = [];
        foreach (var (rate, length, warmUp) in ((int, TimeSpan, bool)[])[(WarmUpRate, TimeSpan.FromSeconds(1), true), .. Rates.Select(r => (r, s_step, false))])
        {
            var udpA = ProcStats.Udp(ns.NamespaceA);
            var udpB = ProcStats.Udp(ns.NamespaceB);
            var cpu = pid is { } id ? ProcStats.CpuTime(id) : (TimeSpan?)null;
            var wall = Stopwatch.StartNew();
            var (sent, answered, seconds, errors) = Step(ns, query, target, rate, length);
            var stepSeconds = wall.Elapsed.TotalSeconds;
            var cpuUsed = pid is { } id2 && cpu is { } before ? ProcStats.CpuTime(id2) - before : (TimeSpan?)null;
            var step = new LoadStep(
                rate, sent, answered, seconds, errors, cpuUsed, stepSeconds,
                ProcStats.Udp(ns.NamespaceA)["RcvbufErrors"] - udpA["RcvbufErrors"],
                ProcStats.Udp(ns.NamespaceB)["RcvbufErrors"] - udpB["RcvbufErrors"],
                warmUp);
            steps.Add(step);
            log.WriteLine($"  {rate}/s: sent {sent}, answered {answered}, dropped {step.Dropped}, {step.AchievedRate:F0}/s achieved, " +
                $"responder CPU {cpuUsed?.TotalMilliseconds:F0} ms over {stepSeconds:F1} s, RcvbufErrors A {step.ResponderRcvbufErrors} B {step.BenchRcvbufErrors}");
        }

        publisher.Stop(NamespaceProcess.SigInt);
        return steps;
    }

    /// <summary>
    /// One step on a fresh socket (so no late reply of an earlier step is counted). IDs wrap at 65,536
    /// when a step sends more: each ID's replies are counted at most as often as it was sent.
    /// </summary>
    private static (int Sent, int Answered, double SendSeconds, int SendErrors) Step(
        NetworkNamespaces ns, byte[] query, IPEndPoint target, int rate, TimeSpan length)
    {
        using var socket = NetworkNamespaces.RunIn(ns.NamespaceB, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            {
                // Room for a whole step's replies, so a burst is not lost on our side (RcvbufErrors in B says if it was).
                ReceiveBufferSize = 16 * 1024 * 1024,
            };
            s.Bind(new IPEndPoint(IPAddress.Parse(ns.AddressB), 0));
            return s;
        });
        var sentPerId = new int[65_536];
        var answeredPerId = new int[65_536];
        var total = (int)(rate * length.TotalSeconds);
        var (sent, errors, sendSeconds) = PacedUdpLoad.Run(
            socket, target, (byte[])query.Clone(), total, rate,
            (buffer, n) =>
            {
                var id = (ushort)n;
                BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
                sentPerId[id]++;
            },
            reply =>
            {
                // A reply counts when it decodes, is a response and answers (the PTR): RFC 6762 §6.7 echoes the query's ID.
                if (DnsCodec.TryDecode(reply, DnsOptions.Default, out var message, out _) && message.IsResponse && message.Answers.Count > 0)
                {
                    answeredPerId[message.Id]++;
                }
            },
            s_stragglers);
        var answered = 0;
        for (var i = 0; i < sentPerId.Length; i++)
        {
            answered += Math.Min(sentPerId[i], answeredPerId[i]);
        }

        return (sent, answered, sendSeconds, errors);
    }

    /// <summary>
    /// Pins every thread of this process to core 0. Process.ProcessorAffinity sets only the main
    /// thread on Linux (sched_setaffinity takes a thread id), so `taskset -a -p` does the threads that
    /// already run; threads started later inherit it.
    /// </summary>
    private static void PinSelfToCore0()
    {
        if (OperatingSystem.IsLinux())
        {
            using var self = Process.GetCurrentProcess();
            self.ProcessorAffinity = 1;
        }

        var (code, _, error) = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "taskset", "-a", "-p", "1", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
        {
            throw new InvalidOperationException($"taskset -a -p 1 {Environment.ProcessId} failed: {error}");
        }
    }
}
