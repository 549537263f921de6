using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>A responder and a querier on one virtual link, each hearing what the other sends, in virtual time.</summary>
public class QuerierResponderLinkTests
{
    private static readonly NodeAddress ResponderAddress = NodeAddress.From(IPAddress.Parse("192.168.1.20"), MdnsAddresses.Port);
    private static readonly NodeAddress QuerierAddress = NodeAddress.From(IPAddress.Parse("192.168.1.60"), MdnsAddresses.Port);

    [Fact]
    public void Link_PublishedInstance_IsBrowsedResolvedAndRemovedOnGoodbye()
    {
        var link = new Link();
        var browser = new ServiceBrowser(link.Q.Querier, ResponderHarness.TypeName);
        browser.Start(TimeSpan.Zero);
        var handle = link.R.Responder.Publish(TimeSpan.Zero, ResponderHarness.Printer);

        link.RunUntil(TimeSpan.FromSeconds(10));
        var service = Assert.Single(browser.Services);
        Assert.Equal(ResponderHarness.InstanceName, service.Name);
        Assert.True(service.IsResolved);
        Assert.Equal(631, service.Port);
        Assert.Equal([IPAddress.Parse("192.168.1.20"), IPAddress.Parse("fe80::20")], service.Addresses);

        link.R.Responder.Withdraw(link.Now, handle);
        link.RunUntil(TimeSpan.FromSeconds(12));
        Assert.Empty(browser.Services);
        Assert.Equal(
            [BrowseChangeKind.Added, BrowseChangeKind.Removed],
            browser.DrainChanges().Select(c => c.Kind).Where(k => k != BrowseChangeKind.Updated));
    }

    [Theory]
    [InlineData("Büro Drucker (2. Stock)")]
    [InlineData("My.Printer\\with a backslash")]
    [InlineData("日本語のプリンター")]
    [InlineData(" leading and trailing spaces ")]
    public void Link_InstanceNameWithSpacesDotsParenthesesUtf8_BrowsedExactlyAsPublished(string name)
    {
        // RFC 6763 §4.3: the instance label is any UTF-8; a dot in it is part of the label, not a separator.
        var link = new Link();
        var browser = new ServiceBrowser(link.Q.Querier, ResponderHarness.TypeName);
        browser.Start(TimeSpan.Zero);
        link.R.Responder.Publish(TimeSpan.Zero, ResponderHarness.Printer with { InstanceName = name });
        link.RunUntil(TimeSpan.FromSeconds(10));

        var service = Assert.Single(browser.Services);
        Assert.Equal(3 + 1, service.Name.LabelCount);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(name), service.Name.GetLabel(0).ToArray());
        Assert.Equal(name, service.Name.Labels[0]);
        Assert.Equal(service.Name, DnsName.Parse(service.Name.ToString()));
        Assert.True(service.IsResolved);
    }

    [Fact]
    public void Link_BrowserStartsAfterAnnouncements_PtrQueryAnsweredWithAdditionals()
    {
        var link = new Link();
        link.R.Responder.Publish(TimeSpan.Zero, ResponderHarness.Printer);
        link.R.RunUntil(TimeSpan.FromSeconds(10));
        link.SkipSentSoFar(TimeSpan.FromSeconds(10));
        var browser = new ServiceBrowser(link.Q.Querier, ResponderHarness.TypeName);
        browser.Start(link.Now);
        link.RunUntil(TimeSpan.FromSeconds(12));

        Assert.True(Assert.Single(browser.Services).IsResolved);
        Assert.All(link.Q.Sent, s => Assert.All(s.Message.Questions, q => Assert.Equal(DnsRecordType.Ptr, q.Type)));
    }

    /// <summary>Zero-latency delivery of every datagram from one side to the other, multicast or unicast.</summary>
    private sealed class Link
    {
        private int _fromR;
        private int _fromQ;

        public ResponderHarness R { get; } = new();

        public QuerierHarness Q { get; } = new();

        public TimeSpan Now { get; private set; }

        public void RunUntil(TimeSpan until)
        {
            for (var guard = 0; ; guard++)
            {
                Assert.True(guard < 100_000, "the link does not settle");
                Deliver();
                var due = RecordMatching.Earlier(R.Responder.NextDeadline, Q.Querier.NextDeadline);
                if (due is null || due > until)
                {
                    break;
                }

                Now = due.Value > Now ? due.Value : Now;
                R.Now = Q.Now = Now;
                R.Responder.Poll(Now);
                Q.Querier.Poll(Now);
            }

            Now = until;
            R.Now = Q.Now = Now;
        }

        /// <summary>The querier missed what the responder sent so far (it joined the link at <paramref name="now"/>).</summary>
        public void SkipSentSoFar(TimeSpan now)
        {
            _fromR = R.Sent.Count;
            Now = now;
        }

        private void Deliver()
        {
            while (_fromR < R.Sent.Count || _fromQ < Q.Sent.Count)
            {
                for (; _fromR < R.Sent.Count; _fromR++)
                {
                    Q.Querier.Receive(Now, ResponderAddress, DnsCodec.Encode(R.Sent[_fromR].Message));
                }

                for (; _fromQ < Q.Sent.Count; _fromQ++)
                {
                    R.Responder.Receive(Now, QuerierAddress, DnsCodec.Encode(Q.Sent[_fromQ].Message));
                }
            }
        }
    }
}
