using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Peerlink.Bench;
using Peerlink.Nat.Stun;
using Peerlink.TestSupport;

namespace Peerlink.NatBench;

/// <summary>
/// How many STUN Binding requests a second a server answers on one core without losing one. The server
/// runs pinned to CPU 1 on 127.0.0.1 inside a namespace of the bench's own; this process, pinned to CPU 0,
/// sends from a socket in that namespace. Each step sends at a paced rate for a few seconds (1 ms batches
/// against a Stopwatch), waits 1 s for stragglers, and counts the requests whose transaction ID came back in
/// a success response. One encoded request (no FINGERPRINT, which both servers accept) is patched with a
/// counter in its transaction ID per send, so the generator's own cost is the same for both servers.
/// </summary>
internal static class StunLoad
{
    private static readonly TimeSpan s_stragglers = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<StunStep> Run(StunServerUnderTest server, IReadOnlyList<int> rates, TimeSpan stepLength, TextWriter log)
    {
        using var ns = NetworkNamespaces.Create();
        var port = 3478;
        using var process = server.Start(ns.NamespaceA, port);
        var pid = ServerPid(process.Id);
        log.WriteLine($"  {server.Name}: pid {pid}, CPUs {File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("Cpus_allowed_list", StringComparison.Ordinal)).Split(':')[1].Trim()}");
        var target = new IPEndPoint(IPAddress.Loopback, port);
        List<StunStep> steps = [];
        foreach (var (rate, warmUp) in ((int, bool)[])[(1_000, true), .. rates.Select(r => (r, false))])
        {
            var cpu = CpuTime(pid);
            var wall = Stopwatch.StartNew();
            var (sent, answered, seconds) = Step(ns, target, rate, warmUp ? TimeSpan.FromSeconds(1) : stepLength);
            var step = new StunStep(rate, sent, answered, seconds, CpuTime(pid) - cpu, wall.Elapsed.TotalSeconds);
            log.WriteLine($"  {(warmUp ? "warm-up " : "")}{rate}/s: sent {sent}, answered {answered}, {step.AchievedRate:F0}/s achieved, server CPU {step.ServerCpu.TotalMilliseconds:F0} ms over {step.StepSeconds:F1} s");
            if (!warmUp)
            {
                steps.Add(step);
            }
        }

        process.Stop(NamespaceProcess.SigInt);
        return steps;
    }

    private static (int Sent, int Answered, double SendSeconds) Step(NetworkNamespaces ns, IPEndPoint target, int rate, TimeSpan length)
    {
        using var socket = NetworkNamespaces.RunIn(ns.NamespaceA, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 16 * 1024 * 1024 };
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return s;
        });
        var total = (int)(rate * length.TotalSeconds);
        var answered = new bool[total];
        var request = StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, Peerlink.Core.Bytes.FromHex("00000000a1b2c3d4e5f60718")));
        var (sent, _, sendSeconds) = PacedUdpLoad.Run(
            socket, target, request, total, rate,
            (buffer, n) => BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(8), n),
            response =>
            {
                // A success response (type 0x0101) to one of ours: the counter is in the first 4 bytes of the transaction ID.
                if (response.Length >= StunCodec.HeaderLength && response[0] == 0x01 && response[1] == 0x01
                    && BinaryPrimitives.ReadInt32BigEndian(response[8..]) is var n && n >= 0 && n < answered.Length)
                {
                    answered[n] = true;
                }
            },
            s_stragglers);
        return (sent, answered.Count(a => a), sendSeconds);
    }

    /// <summary>The server process itself: `ip netns exec` and `taskset` exec into it, so the pid of the `timeout` child's child.</summary>
    private static int ServerPid(int timeoutPid)
    {
        for (var i = 0; i < 50; i++)
        {
            var children = File.ReadAllText($"/proc/{timeoutPid}/task/{timeoutPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length > 0)
            {
                return int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture);
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException("the server process did not appear");
    }

    private static TimeSpan CpuTime(int pid)
    {
        // /proc/PID/stat fields 14 and 15: utime and stime in clock ticks (100 a second on Linux).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
