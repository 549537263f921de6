using System.Diagnostics.Tracing;

namespace Peerlink.Bench;

/// <summary>
/// Which types the process allocates, by the runtime's GC AllocationTick events (one sample per
/// ~100 KB allocated): over many operations the samples are proportional to each type's bytes.
/// Shared by the benchmarks' --alloc-profile (one decode at a time) and the DHT comparison's (a whole
/// cluster): the file is compiled into both projects.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _samples = [];

    /// <summary>The most sampled types with their share of the samples, largest first.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        lock (_samples)
        {
            var total = (double)Math.Max(1, _samples.Values.Sum());
            return [.. _samples.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value / total))];
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("TypeName");
        var type = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
        lock (_samples)
        {
            _samples[type] = _samples.GetValueOrDefault(type) + 1;
        }
    }
}
