namespace Peerlink.NatBench;

/// <summary>One paced step of Binding requests at a server.</summary>
/// <param name="Rate">Requests per second asked for.</param>
/// <param name="Sent">Requests sent.</param>
/// <param name="Answered">Requests whose transaction ID came back in a success response (each counted once).</param>
/// <param name="SendSeconds">How long the sending took.</param>
/// <param name="ServerCpu">CPU time the server process used over the step and the straggler wait.</param>
/// <param name="StepSeconds">The wall time that CPU time is measured over.</param>
internal sealed record StunStep(int Rate, int Sent, int Answered, double SendSeconds, TimeSpan ServerCpu, double StepSeconds)
{
    public int Dropped => Sent - Answered;

    public double AchievedRate => Sent / SendSeconds;

    /// <summary>Server CPU per answered request, in microseconds.</summary>
    public double CpuMicrosecondsPerAnswer => Answered == 0 ? double.NaN : ServerCpu.TotalMicroseconds / Answered;
}
