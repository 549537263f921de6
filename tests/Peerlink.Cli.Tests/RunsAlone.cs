namespace Peerlink.Cli.Tests;

/// <summary>
/// Tests that load the machine's two cores on their own (16 peers, thousands of requests on real
/// UDP sockets): run after the others, alone, so other tests' load does not stretch their timers
/// into false "peer dead" verdicts, nor theirs the others'.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
