using Peerlink.MdnsBench;
using Peerlink.TestSupport;

// bench/mdns-bench.sh runs this: issue 5 item 5's mDNS benchmark, one run, markdown on stdout,
// progress on stderr. See bench/README.md.
var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    (error is null ? Console.Out : Console.Error).WriteLine(error is null ? BenchOptions.Usage : $"mdns-bench: {error}\n{BenchOptions.Usage}");
    return error is null ? 0 : 2;
}

if (NetworkNamespaces.WhyUnavailable() is { } why)
{
    Console.Error.WriteLine($"mdns-bench: needs network namespaces, and {why}");
    return 1;
}

var report = new Report(Console.Out, options);
report.Header();
if (options.Latency)
{
    List<(LatencyScenario, IReadOnlyList<LatencySample>)> results = [];
    foreach (var scenario in LatencyScenario.All)
    {
        Console.Error.WriteLine($"latency: {scenario.Name}");
        results.Add((scenario, await LatencyBench.RunAsync(scenario, options.Runs, Console.Error).ConfigureAwait(false)));
    }

    report.Latency(results);
}

if (options.Throughput)
{
    // Last: it pins this process to core 0 for good.
    Console.Error.WriteLine("throughput: responder on one core");
    var steps = ResponderLoad.Run(Console.Error, out var pinning);
    report.Throughput(steps, pinning);
}

return 0;
