using System.Diagnostics.Tracing;
using Peerlink.Wire;

namespace Peerlink.Benchmarks;

/// <summary>
/// Which types a decode allocates, and how many bytes of each: the runtime's GC AllocationTick
/// event samples one allocation per ~100 KB, so over many decodes the samples are proportional to
/// the bytes each type takes. Run with <c>-- --alloc-profile join|lookup|resource</c>.
/// </summary>
public static class AllocationProfile
{
    public static void Run(string which)
    {
        var message = which switch
        {
            "lookup" => Messages.LookupObjectResponse(),
            "resource" => Messages.LargeResourceObject(),
            _ => Messages.JoinRequest(),
        };
        var bytes = P2ppCodec.Encode(message);
        const int Warmup = 10_000;
        for (var i = 0; i < Warmup; i++)
        {
            _ = P2ppCodec.Decode(bytes);
        }

        var iterations = which == "resource" ? 20_000 : 2_000_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var listener = new AllocationListener();
        for (var i = 0; i < iterations; i++)
        {
            _ = P2ppCodec.Decode(bytes);
        }

        var perDecode = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
        listener.Dispose();
        Console.WriteLine($"{which}: {bytes.Length} bytes on the wire, {perDecode:F0} B allocated per decode ({iterations} decodes)");
        Console.WriteLine($"{"type",-60} {"share",6} {"~B/decode",10}");
        var total = listener.Samples.Values.Sum();
        foreach (var (type, count) in listener.Samples.OrderByDescending(p => p.Value))
        {
            var share = count / (double)total;
            Console.WriteLine($"{type,-60} {share,6:P1} {share * perDecode,10:F0}");
        }
    }

    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;

        public Dictionary<string, long> Samples { get; } = [];

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
            lock (Samples)
            {
                Samples[type] = Samples.GetValueOrDefault(type) + 1;
            }
        }
    }
}
