using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation.Scenarios;

/// <summary>
/// Call set-up through the overlay for one routing mode: the lookup of the callee's registration,
/// then the SIP part (INVITE sent to 200 OK received), and beside them direct calls between the same
/// pairs to a known address. Times in milliseconds of virtual time.
/// </summary>
/// <param name="Routing">The lookups' routing mode; null for the direct calls.</param>
/// <param name="Calls">Calls tried.</param>
/// <param name="Answered">Calls that got their 200 OK.</param>
/// <param name="LookupMs">Per answered call: the lookup's time.</param>
/// <param name="SipMs">Per answered call: INVITE sent to 200 OK received.</param>
/// <param name="Failures">Calls that failed, by reason.</param>
public sealed record SipCallModeReport(RoutingMode? Routing, int Calls, int Answered, IReadOnlyList<double> LookupMs, IReadOnlyList<double> SipMs, IReadOnlyDictionary<string, int> Failures)
{
    /// <summary>Per answered call: lookup and SIP together, from the user's "call" to the 200 OK.</summary>
    public IReadOnlyList<double> TotalMs => [.. LookupMs.Zip(SipMs, (l, s) => l + s)];

    /// <summary>The <paramref name="p"/>-quantile (0 to 1) of <paramref name="values"/>, nearest rank; 0 for none.</summary>
    public static double Quantile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>What <see cref="SipCallScenario"/> measured: one row per routing mode, and the direct calls.</summary>
/// <param name="Nodes">Hosts.</param>
/// <param name="Modes">Calls through the overlay, one row per routing mode.</param>
/// <param name="Direct">The same kind of calls to a known address, no lookup.</param>
/// <param name="Events">Simulator events processed.</param>
public sealed record SipCallScenarioReport(int Nodes, IReadOnlyList<SipCallModeReport> Modes, SipCallModeReport Direct, long Events);
