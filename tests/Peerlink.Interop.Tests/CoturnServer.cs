using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Peerlink.Nat.Stun;

namespace Peerlink.Interop.Tests;

/// <summary>
/// coturn's <c>turnserver</c> on 127.0.0.1 for one test, as in peers.md §4: UDP and TCP on <see cref="EndPoint"/>, no TLS/DTLS,
/// long-term credentials <see cref="User"/>:<see cref="Password"/> in realm <see cref="Realm"/>, FINGERPRINT on, loopback peers
/// allowed, relayed ports <see cref="MinRelayPort"/>-<see cref="MaxRelayPort"/>. The ports come from the process id and a
/// per-process counter, so parallel test runs and several servers in one run do not clash; the user database and pid file
/// are unique files under /tmp, deleted on <see cref="Dispose"/>. The process runs under <c>timeout</c> (it cannot outlive
/// <see cref="MaxLifetime"/> even if the test runner dies) and is killed, with its children, on <see cref="Dispose"/>.
/// <see cref="Start"/> returns once the server answers a STUN Binding request.
/// </summary>
/// <example>
/// <code>
/// using var coturn = CoturnServer.Start();
/// // ... a TURN client towards coturn.EndPoint with CoturnServer.User / CoturnServer.Password ...
/// Assert.True(ok, coturn.Output); // its log (-v: sessions and allocations) helps when a test fails
/// </code>
/// </example>
public sealed class CoturnServer : IDisposable
{
    /// <summary>The one user.</summary>
    public const string User = "alice";

    /// <summary>Its password.</summary>
    public const string Password = "secret";

    /// <summary>The realm in the 401 challenge.</summary>
    public const string Realm = "example.org";

    /// <summary>How long the server may run at most (the <c>timeout</c> it runs under).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(120);

    // 200 blocks of 60 ports from 20000, below Linux's ephemeral range (32768-60999): the listening port, then relay ports.
    private const int FirstPort = 20_000;
    private const int Blocks = 200;
    private const int BlockSize = 60;
    private static int s_started;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _userDb;
    private readonly string _pidFile;

    private CoturnServer(Process process, IPEndPoint endPoint, int minRelayPort, int maxRelayPort, string userDb, string pidFile)
    {
        _process = process;
        EndPoint = endPoint;
        MinRelayPort = minRelayPort;
        MaxRelayPort = maxRelayPort;
        _userDb = userDb;
        _pidFile = pidFile;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where clients reach it (UDP and TCP).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The lowest relayed port.</summary>
    public int MinRelayPort { get; }

    /// <summary>The highest relayed port.</summary>
    public int MaxRelayPort { get; }

    /// <summary>What it logged so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server and waits (at most 15 s) until it answers STUN.</summary>
    /// <param name="extraArguments">More turnserver options, e.g. <c>-v</c> or <c>--max-allocate-lifetime=60</c>.</param>
    /// <exception cref="InvalidOperationException">turnserver is not on PATH, exited, or never answered.</exception>
    public static CoturnServer Start(params string[] extraArguments)
    {
        ArgumentNullException.ThrowIfNull(extraArguments);
        var turnserver = ExternalTool.Find("turnserver") ?? throw new InvalidOperationException("turnserver is not on PATH");
        var timeout = ExternalTool.Find("timeout") ?? throw new InvalidOperationException("timeout (coreutils) is not on PATH");
        var block = ((Environment.ProcessId * 7) + Interlocked.Increment(ref s_started)) % Blocks;
        var port = FirstPort + (block * BlockSize);
        var unique = $"peerlink-coturn-{Environment.ProcessId}-{port}";
        var userDb = Path.Combine(Path.GetTempPath(), unique + ".db");
        var pidFile = Path.Combine(Path.GetTempPath(), unique + ".pid");
        var (minRelay, maxRelay) = (port + 10, port + BlockSize - 1);

        var start = new ProcessStartInfo(timeout) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            ((int)MaxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture), turnserver, "-n",
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}", $"--min-port={minRelay}", $"--max-port={maxRelay}",
            "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log",
            "--lt-cred-mech", $"--user={User}:{Password}", $"--realm={Realm}", "--allow-loopback-peers", "--fingerprint",
            $"--userdb={userDb}", $"--pidfile={pidFile}",
        ];
        foreach (var a in arguments.Concat(extraArguments))
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start turnserver");
        var server = new CoturnServer(process, new IPEndPoint(IPAddress.Loopback, port), minRelay, maxRelay, userDb, pidFile);
        try
        {
            server.WaitUntilAnswering(TimeSpan.FromSeconds(15));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Kills the server and its children and deletes its files.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }

        _process.Dispose();
        File.Delete(_userDb);
        File.Delete(_pidFile);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Sends Binding requests every 100 ms until one is answered.</summary>
    private void WaitUntilAnswering(TimeSpan limit)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 100;
        var request = StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, Peerlink.Core.Bytes.FromHex("000102030405060708090a0b")), fingerprint: true);
        var buffer = new byte[2_048];
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited with {_process.ExitCode}: {Output}");
            }

            socket.SendTo(request, EndPoint);
            try
            {
                var read = socket.Receive(buffer);
                if (StunCodec.TryDecode(buffer.AsSpan(0, read), out var response, out _) && response.Class == StunClass.SuccessResponse)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not up yet (a timeout, or ICMP port unreachable).
            }
        }

        throw new InvalidOperationException($"turnserver did not answer STUN on {EndPoint} within {limit.TotalSeconds} s: {Output}");
    }
}
