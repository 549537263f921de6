using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Hosting.Stun;

/// <summary>What <see cref="NatBehaviorProbe"/> learned.</summary>
/// <param name="Local">The client's own endpoint.</param>
/// <param name="Mapped">The mapped address the server saw (test I), or null when the server did not answer.</param>
/// <param name="Other">The server's OTHER-ADDRESS, or null when it has none (then behaviour is not tested).</param>
/// <param name="Mapping">The mapping behaviour (RFC 5780 §4.3).</param>
/// <param name="Filtering">The filtering behaviour (§4.4).</param>
/// <param name="Steps">One line per test, for people.</param>
public sealed record NatBehaviorReport(IPEndPoint Local, IPEndPoint? Mapped, IPEndPoint? Other, NatMapping Mapping, NatFiltering Filtering, IReadOnlyList<string> Steps);

/// <summary>
/// Runs RFC 5780's tests from one socket: test I learns the mapped address and the server's OTHER-ADDRESS;
/// mapping tests II and III send to the other IP (and port) and compare mapped addresses (§4.3); filtering
/// tests II and III ask, with CHANGE-REQUEST, to be answered from the other IP and port, or port only, and
/// note whether the answer gets in (§4.4). A filtered answer shows up as a transaction that times out, so
/// the probe uses short timers (<see cref="ProbeTiming"/>, about 2.75 s per silent test).
/// </summary>
public static class NatBehaviorProbe
{
    /// <summary>RTO 250 ms, 4 sends, a last wait of 4 RTOs: a silent test gives up after 2.75 s.</summary>
    public static StunTransactionOptions ProbeTiming { get; } = new() { InitialRto = TimeSpan.FromMilliseconds(250), MaxSends = 4, LastWaitMultiplier = 4 };

    /// <summary>Runs the tests against <paramref name="server"/> from <paramref name="socket"/>.</summary>
    public static async Task<NatBehaviorReport> RunAsync(StunClientSocket socket, IPEndPoint server, IPEndPoint local, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(server);
        List<string> steps = [];
        var first = await socket.BindingAsync(server, cancellationToken: cancellationToken).ConfigureAwait(false);
        var mapped = Mapped(first);
        if (mapped is null)
        {
            steps.Add(first.TimedOut ? $"test I: no answer from {server} in {first.Elapsed.TotalSeconds:0.0} s" : $"test I: {Describe(first)}");
            return new NatBehaviorReport(local, null, null, NatMapping.Unknown, NatFiltering.Unknown, steps);
        }

        var other = first.Response!.Find(StunAttributeType.OtherAddress) is { } o ? StunAddress.Read(o.Value.Span) : null;
        steps.Add($"test I: {server} sees us as {mapped}" + (other is null ? "; it has no OTHER-ADDRESS, so no RFC 5780 tests" : $"; its other address is {other}"));
        if (other is null || mapped.Equals(local))
        {
            return new NatBehaviorReport(local, mapped, other, NatBehavior.Mapping(local, mapped, null, null),
                mapped.Equals(local) ? NatFiltering.EndpointIndependent : NatFiltering.Unknown, steps);
        }

        // §4.3, test II: the other IP with the primary port; test III: the other IP and port.
        var test2 = Mapped(await socket.BindingAsync(new IPEndPoint(other.Address, server.Port), cancellationToken: cancellationToken).ConfigureAwait(false));
        steps.Add($"mapping test II (to {other.Address}:{server.Port}): " + (test2?.ToString() ?? "no answer"));
        IPEndPoint? test3 = null;
        if (test2 is not null && !test2.Equals(mapped))
        {
            test3 = Mapped(await socket.BindingAsync(other, cancellationToken: cancellationToken).ConfigureAwait(false));
            steps.Add($"mapping test III (to {other}): " + (test3?.ToString() ?? "no answer"));
        }

        // §4.4, test II: answer from the other IP and port; test III: from the other port only.
        var filter2 = await socket.BindingAsync(server, [Change(ip: true, port: true)], cancellationToken).ConfigureAwait(false);
        steps.Add("filtering test II (answer from the other IP and port): " + (filter2.TimedOut ? "no answer" : Describe(filter2)));
        var filter3 = filter2.TimedOut
            ? await socket.BindingAsync(server, [Change(ip: false, port: true)], cancellationToken).ConfigureAwait(false)
            : null;
        if (filter3 is not null)
        {
            steps.Add("filtering test III (answer from the other port): " + (filter3.TimedOut ? "no answer" : Describe(filter3)));
        }

        return new NatBehaviorReport(local, mapped, other, NatBehavior.Mapping(local, mapped, test2, test3),
            NatBehavior.Filtering(Changed(filter2, server), filter3 is not null && Changed(filter3, server)), steps);
    }

    /// <summary>An answer that came, and from another endpoint than the one asked (a server that ignores CHANGE-REQUEST proves nothing).</summary>
    private static bool Changed(StunTransactionResult result, IPEndPoint server) =>
        result is { TimedOut: false, Error: null } && !server.Equals(result.From);

    private static StunAttributeEntry Change(bool ip, bool port) =>
        new(StunAttributeType.ChangeRequest, Bytes.Copy([0, 0, 0, (byte)((ip ? 4 : 0) | (port ? 2 : 0))]));

    private static IPEndPoint? Mapped(StunTransactionResult result) => result.Mapped;

    private static string Describe(StunTransactionResult result) =>
        result.Error is { } e ? $"error {e.Code} {e.Reason}" : $"answered from {result.From}";
}
