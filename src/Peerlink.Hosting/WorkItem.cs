namespace Peerlink.Hosting;

/// <summary>A call to run on the engine loop, or to cancel when the loop will never reach it.</summary>
internal abstract class WorkItem
{
    /// <summary>Runs the work at <paramref name="now"/>, unless it was cancelled first.</summary>
    public abstract void Run(TimeSpan now);

    /// <summary>Cancels the work, unless it already ran or is running.</summary>
    public abstract void Cancel();
}

/// <summary>A work item with a result, completed off the loop (continuations run asynchronously).</summary>
internal sealed class WorkItem<T> : WorkItem
{
    private const int Pending = 0;
    private const int Started = 1;
    private const int Cancelled = 2;

    private readonly Func<TimeSpan, T> _work;
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private int _state;

    public WorkItem(Func<TimeSpan, T> work, CancellationToken cancellationToken)
    {
        _work = work;
        _cancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static state => ((WorkItem<T>)state!).Cancel(), this);
        }
    }

    public Task<T> Task => _result.Task;

    public override void Run(TimeSpan now)
    {
        if (Interlocked.CompareExchange(ref _state, Started, Pending) != Pending)
        {
            return;
        }

        _registration.Unregister();
        try
        {
            _result.SetResult(_work(now));
        }
        catch (Exception e) // the caller's exception, handed to the caller's task
        {
            _result.SetException(e);
        }
    }

    public override void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Pending) != Pending)
        {
            return;
        }

        _registration.Unregister();
        _result.SetCanceled(_cancellationToken.IsCancellationRequested ? _cancellationToken : CancellationToken.None);
    }
}
