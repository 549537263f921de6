using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.ResponderHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Probing (RFC 6762 §8.1), renaming on conflict and simultaneous-probe tie-breaking (§8.2).</summary>
public class ProbingTests
{
    private static readonly TimeSpan Ms250 = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Publish_AnySeed_FirstProbeWithin0To250ms()
    {
        var delays = new HashSet<TimeSpan>();
        for (var seed = 0; seed < 50; seed++)
        {
            var h = new ResponderHarness(seed);
            h.Responder.Publish(TimeSpan.Zero, Printer);
            h.Advance(TimeSpan.FromMilliseconds(300));
            var first = h.Probes.First().At;
            Assert.InRange(first, TimeSpan.Zero, Ms250);
            delays.Add(first);
        }

        Assert.True(delays.Count > 10, "the delay comes from the injected random source");
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.999, true)]
    [InlineData(1.0, false)]
    [InlineData(60.0, false)]
    public void Publish_LinkUpLongerThanOneSecond_FirstProbeAtOnceElseAfterRandomDelay(double upSeconds, bool delayed)
    {
        var delays = new HashSet<TimeSpan>();
        for (var seed = 0; seed < 20; seed++)
        {
            var h = new ResponderHarness(seed);
            h.Responder.LinkUp(TimeSpan.Zero);
            h.Now = TimeSpan.FromSeconds(upSeconds);
            h.Responder.Publish(h.Now, Printer);
            h.Advance(TimeSpan.FromMilliseconds(300));
            var delay = h.Probes.First().At - TimeSpan.FromSeconds(upSeconds);
            Assert.InRange(delay, TimeSpan.Zero, Ms250);
            delays.Add(delay);
        }

        Assert.Equal(delayed, delays.Count > 5);
        Assert.Equal(delayed, !delays.SequenceEqual([TimeSpan.Zero]));
    }

    [Fact]
    public void Publish_NoConflict_ThreeProbes250msApartThenAnnouncement250msLater()
    {
        var h = new ResponderHarness();
        var handle = h.Responder.Publish(TimeSpan.Zero, Printer);
        h.Advance(TimeSpan.FromMilliseconds(900));

        var t0 = h.Sent[0].At;
        Assert.Equal([t0, t0 + Ms250, t0 + (2 * Ms250)], h.Probes.Select(p => p.At));
        Assert.Equal(t0 + (3 * Ms250), h.Responses.First().At);
        Assert.Equal(ServiceState.Announcing, h.Responder.GetState(handle));
    }

    [Fact]
    public void Probe_Message_QuQuestionForAnyAndProposedRecordsInAuthority()
    {
        var h = new ResponderHarness();
        h.PublishToFirstProbe();

        var (_, to, probe) = Assert.Single(h.Sent);
        Assert.Equal(Group, to);
        Assert.False(probe.IsResponse);
        var q = Assert.Single(probe.Questions);
        Assert.Equal(InstanceName, q.Name);
        Assert.Equal(DnsRecordType.Any, q.Type);
        Assert.True(q.UnicastResponse);
        Assert.Empty(probe.Answers);
        Assert.Equal([DnsRecordType.Txt, DnsRecordType.Srv], probe.Authorities.Select(r => r.Type).Order());
        Assert.All(probe.Authorities, r => Assert.Equal(InstanceName, r.Name));
        Assert.Equal((ushort)631, Assert.IsType<SrvData>(probe.Authorities.Single(r => r.Type == DnsRecordType.Srv).Data).Port);
    }

    [Fact]
    public void Probe_ConflictingResponse_RenamesToName2AndProbesAgain()
    {
        var h = new ResponderHarness();
        var handle = h.PublishToFirstProbe();
        h.Receive(Peer, DnsMessage.Response(ForeignSrv()));

        Assert.Equal(TypeName.Prepend("My Printer (2)"), h.Responder.GetInstanceName(handle));
        Assert.Equal(ServiceState.Probing, h.Responder.GetState(handle));
        Assert.Equal(1, h.Responder.Counters.Conflicts);

        h.Sent.Clear();
        h.Advance(TimeSpan.FromSeconds(3));
        var probes = h.Probes.ToList();
        Assert.Equal(3, probes.Count);
        Assert.All(probes, p => Assert.Equal(TypeName.Prepend("My Printer (2)"), p.Message.Questions[0].Name));
        Assert.Equal(ServiceState.Announced, h.Responder.GetState(handle));
        Assert.All(h.Responses.First().Message.Answers.Where(r => r.Type == DnsRecordType.Srv), r => Assert.Equal(TypeName.Prepend("My Printer (2)"), r.Name));
    }

    [Fact]
    public void Probe_SecondConflict_RenamesToName3()
    {
        var h = new ResponderHarness();
        var handle = h.PublishToFirstProbe();
        h.Receive(Peer, DnsMessage.Response(ForeignSrv()));
        h.Advance(Ms250);
        h.Receive(Peer, DnsMessage.Response(ForeignSrv() with { Name = TypeName.Prepend("My Printer (2)") }));

        Assert.Equal(TypeName.Prepend("My Printer (3)"), h.Responder.GetInstanceName(handle));
    }

    [Fact]
    public void Probe_FifteenConflictsInTenSeconds_NextRoundWaitsFiveSeconds()
    {
        var h = new ResponderHarness();
        var handle = h.PublishToFirstProbe();
        for (var i = 1; i <= 15; i++)
        {
            h.Receive(Peer, DnsMessage.Response(ForeignSrv() with { Name = h.Responder.GetInstanceName(handle) }));
            var wait = h.Responder.NextDeadline!.Value - h.Now;
            if (i < 15)
            {
                Assert.InRange(wait, TimeSpan.Zero, Ms250);
                h.RunUntil(h.Now + wait);
            }
            else
            {
                Assert.Equal(TimeSpan.FromSeconds(5), wait);
            }
        }

        Assert.Equal(TypeName.Prepend("My Printer (16)"), h.Responder.GetInstanceName(handle));
    }

    [Fact]
    public void Publish_SameNameTwiceLocally_SecondRenamedBeforeProbing()
    {
        var h = new ResponderHarness();
        h.Responder.Publish(TimeSpan.Zero, Printer);
        var second = h.Responder.Publish(TimeSpan.Zero, Printer with { Port = 632 });

        Assert.Equal(TypeName.Prepend("My Printer (2)"), h.Responder.GetInstanceName(second));
    }

    [Fact]
    public void Probe_ResponseForAnotherName_NoConflict()
    {
        var h = new ResponderHarness();
        var handle = h.PublishToFirstProbe();
        h.Receive(Peer, DnsMessage.Response(ForeignSrv() with { Name = TypeName.Prepend("Other Printer") }));

        Assert.Equal(InstanceName, h.Responder.GetInstanceName(handle));
        Assert.Equal(0, h.Responder.Counters.Conflicts);
    }

    [Fact]
    public void TieBreak_TheirRecordsLater_WeWaitOneSecondAndProbeAgain()
    {
        var h = new ResponderHarness();
        var handle = h.PublishToFirstProbe();
        var ourProbe = h.Sent[0].Message;
        var lostAt = h.Now;

        // Same TXT, SRV port 9100 > 631: their sorted list is later at the SRV's RDATA (§8.2).
        h.Receive(Peer, SimultaneousProbe(ourProbe, port: 9100));
        Assert.Equal(1, h.Responder.Counters.Conflicts);
        h.Sent.Clear();
        h.Advance(TimeSpan.FromSeconds(3));

        var probes = h.Probes.Select(p => p.At).ToList();
        Assert.Equal([lostAt + TimeSpan.FromSeconds(1), lostAt + TimeSpan.FromSeconds(1) + Ms250, lostAt + TimeSpan.FromSeconds(1) + (2 * Ms250)], probes);
        Assert.True(h.Responses.First().At > probes[^1]);
        Assert.Equal(InstanceName, h.Responder.GetInstanceName(handle));
    }

    [Fact]
    public void TieBreak_TheirRecordsEarlier_WeIgnoreThemAndKeepSchedule()
    {
        var h = new ResponderHarness();
        var handle = h.PublishToFirstProbe();
        var t0 = h.Sent[0].At;

        h.Receive(Peer, SimultaneousProbe(h.Sent[0].Message, port: 80));
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([t0, t0 + Ms250, t0 + (2 * Ms250)], h.Probes.Select(p => p.At));
        Assert.Equal(t0 + (3 * Ms250), h.Responses.First().At);
        Assert.Equal(0, h.Responder.Counters.Conflicts);
        Assert.Equal(ServiceState.Announcing, h.Responder.GetState(handle));
    }

    [Fact]
    public void TieBreak_OwnProbeLoopedBack_NoConflict()
    {
        var h = new ResponderHarness();
        h.PublishToFirstProbe();
        var t0 = h.Sent[0].At;

        h.Receive(Group, h.Sent[0].Message);
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, h.Responder.Counters.Conflicts);
        Assert.Equal(t0 + (3 * Ms250), h.Responses.First().At);
    }

    [Fact]
    public void TieBreak_TheyProposeMoreRecords_TheirLongerListWins()
    {
        var h = new ResponderHarness();
        h.PublishToFirstProbe();
        var ours = h.Sent[0].Message;
        // A type above SRV sorts last, so the lists agree until ours runs out.
        var extra = new DnsRecord(InstanceName, 120, new UnknownData((DnsRecordType)65000, Peerlink.Core.Bytes.FromHex("01")));

        h.Receive(Peer, ours with { Authorities = [.. ours.Authorities, extra] });

        Assert.Equal(1, h.Responder.Counters.Conflicts);
    }

    /// <summary>Another host's probe for our name, proposing our TXT and an SRV with <paramref name="port"/>.</summary>
    private static DnsMessage SimultaneousProbe(DnsMessage ourProbe, ushort port) => ourProbe with
    {
        Authorities = [.. ourProbe.Authorities.Select(r => r.Data is SrvData srv ? r with { Data = srv with { Port = port } } : r)],
    };
}
