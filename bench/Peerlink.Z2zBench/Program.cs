using Peerlink.Interop.Tests;
using Peerlink.TestSupport;
using Peerlink.Z2zBench;

// bench/z2z-bench.sh runs this: issue 6 item 5's z2z benchmark, one run, markdown on stdout,
// progress on stderr. See bench/README.md.
var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    (error is null ? Console.Out : Console.Error).WriteLine(error is null ? BenchOptions.Usage : $"z2z-bench: {error}\n{BenchOptions.Usage}");
    return error is null ? 0 : 2;
}

if (NetworkNamespaces.WhyUnavailable() is { } why)
{
    Console.Error.WriteLine($"z2z-bench: needs network namespaces, and {why}");
    return 1;
}

var report = new Report(Console.Out, options);
report.Header();
List<(Backend, IReadOnlyList<LatencySample>)> latency = [];
List<ScaleResult> scale = [];
var n = 0;
foreach (var backend in options.Backends)
{
    // A fresh pair of links and a fresh DHT for each backend, so nothing one left behind helps the other.
    using var links = RoutedLinks.Create(++n);
    using var dht = DhtInRouter.Start(links, backend, TimeSpan.FromSeconds(options.Runs * 25 + 600));
    if (options.Latency)
    {
        Console.Error.WriteLine($"latency: {backend}");
        latency.Add((backend, LatencyBench.Run(links, dht, options.Runs, Console.Error)));
    }

    if (options.Scale)
    {
        Console.Error.WriteLine($"scale: {backend}, {options.Services} services");
        scale.Add(await ScaleBench.RunAsync(links, dht, options.Services, Console.Error).ConfigureAwait(false));
    }
}

if (latency.Count > 0)
{
    report.Latency(latency);
}

if (scale.Count > 0)
{
    report.Scale(scale);
}

return 0;
