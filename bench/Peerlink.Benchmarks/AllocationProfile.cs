using Peerlink.Bench;
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
        using var listener = new AllocationSampler();
        for (var i = 0; i < iterations; i++)
        {
            _ = P2ppCodec.Decode(bytes);
        }

        var perDecode = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
        listener.Dispose();
        Console.WriteLine($"{which}: {bytes.Length} bytes on the wire, {perDecode:F0} B allocated per decode ({iterations} decodes)");
        Console.WriteLine($"{"type",-60} {"share",6} {"~B/decode",10}");
        foreach (var (type, share) in listener.Top(int.MaxValue))
        {
            Console.WriteLine($"{type,-60} {share,6:P1} {share * perDecode,10:F0}");
        }
    }
}
