using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>A publisher process: started when it was started, established when it prints so, stopped with SIGINT (Ctrl-C).</summary>
internal sealed class ProcessPublished(NamespaceProcess process, Func<TimeSpan, long>? protocolStarted, Action<TimeSpan> waitEstablished) : IPublished
{
    public long Started => process.Started;

    public long? ProtocolStarted(TimeSpan wait) => protocolStarted?.Invoke(wait);

    public Task WaitEstablishedAsync(TimeSpan wait) => Task.Run(() => waitEstablished(wait));

    public Task<long> StopAsync() => Task.Run(() => process.Stop(NamespaceProcess.SigInt));
}
