using System.Text;
using System.Text.RegularExpressions;

namespace Peerlink.Cli.Tests;

/// <summary>
/// A thread-safe text writer a running command writes to, from its own thread and from an engine's
/// loop, that a test can wait on: <see cref="WaitForAsync"/> completes when the text matches.
/// </summary>
internal sealed class LineWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(value);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(value);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The first match of <paramref name="pattern"/>, once the text has one; throws when <paramref name="ct"/> ends the wait first.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var match = pattern.Match(_text.ToString());
                if (match.Success)
                {
                    return match;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no match for /{pattern}/ in:\n{Text}");
            }
        }
    }
}
