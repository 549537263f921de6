using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Peerlink.TestSupport;

/// <summary>
/// A long-running program started inside a network namespace (`ip netns exec NS ...`) under
/// coreutils `timeout`, so it ends by itself even if the test process dies without disposing it.
/// Its stdout and stderr lines are kept, each with the time it was read, and a test can wait (bounded)
/// for a line it expects. Dispose sends SIGTERM, waits a little, then kills the whole process tree.
/// </summary>
internal sealed partial class NamespaceProcess : IDisposable
{
    /// <summary>SIGINT: what tshark needs to close its capture file cleanly.</summary>
    public const int SigInt = 2;

    /// <summary>SIGTERM: the polite stop every program here understands.</summary>
    public const int SigTerm = 15;

    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly List<TimedLine> _output = [];
    private readonly List<TimedLine> _errors = [];
    private readonly object _gate = new();
    private bool _outputClosed;
    private bool _errorsClosed;

    private NamespaceProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    /// <summary>The command line, for failure messages.</summary>
    public string Description { get; }

    /// <summary>When the process was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Started { get; private set; }

    /// <summary>When <see cref="Stop"/> first signalled the process, or null while it has not.</summary>
    public long? Stopped { get; private set; }

    /// <summary>The process id of the `timeout` wrapper; signals sent to it reach the program.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The lines printed on stdout so far.</summary>
    public IReadOnlyList<TimedLine> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>The lines printed on stderr so far.</summary>
    public IReadOnlyList<TimedLine> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="program"/> in namespace <paramref name="ns"/>; `timeout` ends it after
    /// <paramref name="lifetime"/> (SIGTERM, then SIGKILL 3 s later) if nobody stops it before.
    /// </summary>
    public static NamespaceProcess Start(
        string ns,
        TimeSpan lifetime,
        IReadOnlyDictionary<string, string>? environment,
        string program,
        params string[] arguments)
    {
        var seconds = ((int)Math.Ceiling(lifetime.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("timeout")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in (string[])["-k", "3", seconds, "ip", "netns", "exec", ns, program, .. arguments])
        {
            info.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var handle = new NamespaceProcess(process, $"ip netns exec {ns} {program} {string.Join(' ', arguments)}");
        process.OutputDataReceived += (_, e) => handle.Add(handle._output, e.Data, ref handle._outputClosed);
        process.ErrorDataReceived += (_, e) => handle.Add(handle._errors, e.Data, ref handle._errorsClosed);
        handle.Started = Stopwatch.GetTimestamp();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return handle;
    }

    /// <summary>
    /// Waits until a line on stdout (or stderr when <paramref name="onErrors"/>) matches; throws
    /// <see cref="TimeoutException"/> with everything printed so far when none does within <paramref name="timeout"/>
    /// or the process ends first.
    /// </summary>
    public TimedLine WaitForLine(Func<string, bool> match, TimeSpan timeout, bool onErrors = false)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_gate)
        {
            var lines = onErrors ? _errors : _output;
            var seen = 0;
            while (true)
            {
                for (; seen < lines.Count; seen++)
                {
                    if (match(lines[seen].Text))
                    {
                        return lines[seen];
                    }
                }

                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 || (onErrors ? _errorsClosed : _outputClosed))
                {
                    break;
                }

                Monitor.Wait(_gate, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            }
        }

        throw new TimeoutException($"no matching line from `{Description}` within {timeout.TotalSeconds} s.\n{Transcript()}");
    }

    /// <summary>Sends a signal to the process (through the `timeout` wrapper, which passes it on).</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited && kill(_process.Id, signal) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Stops the process: <paramref name="signal"/>, a bounded wait, then SIGKILL to the whole tree.
    /// Returns when it was signalled (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    public long Stop(int signal = SigTerm)
    {
        if (Stopped is { } already)
        {
            return already;
        }

        var at = Stopwatch.GetTimestamp();
        Stopped = at;
        if (!_process.HasExited)
        {
            Signal(signal);
            if (!_process.WaitForExit(s_grace))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        // Drains the output events that are still on their way.
        _process.WaitForExit();
        return at;
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, for the process to end by itself (its output drained); false when it has not.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>The exit code once the process has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything printed so far, for failure messages.</summary>
    public string Transcript()
    {
        lock (_gate)
        {
            return $"stdout:\n{string.Join('\n', _output)}\nstderr:\n{string.Join('\n', _errors)}";
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Add(List<TimedLine> lines, string? text, ref bool closed)
    {
        var at = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (text is null)
            {
                closed = true;
            }
            else
            {
                lines.Add(new TimedLine(at, text));
            }

            Monitor.PulseAll(_gate);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
