namespace Peerlink.MdnsBench;

/// <summary>One paced step of queries at the responder.</summary>
/// <param name="Rate">The rate asked for, queries per second.</param>
/// <param name="Sent">Queries sent.</param>
/// <param name="Answered">Queries whose ID came back in a response with answers (counted at most once per query sent).</param>
/// <param name="SendSeconds">How long the sending took.</param>
/// <param name="SendErrors">Sends the socket refused.</param>
/// <param name="ResponderCpu">CPU time the publisher process used over the step and the straggler wait, or null.</param>
/// <param name="StepSeconds">The wall time that CPU time is measured over.</param>
/// <param name="ResponderRcvbufErrors">UDP RcvbufErrors in the responder's namespace over the step: datagrams the kernel dropped because its socket's buffer was full.</param>
/// <param name="BenchRcvbufErrors">The same in the bench's namespace (replies lost on our side, not the responder's).</param>
/// <param name="WarmUp">A warm-up step (not a goal step).</param>
internal sealed record LoadStep(
    int Rate,
    int Sent,
    int Answered,
    double SendSeconds,
    int SendErrors,
    TimeSpan? ResponderCpu,
    double StepSeconds,
    long ResponderRcvbufErrors,
    long BenchRcvbufErrors,
    bool WarmUp)
{
    public int Dropped => Sent - Answered;

    public double AchievedRate => Sent / SendSeconds;
}
