using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>Every name in a message, in wire order: owner names and the names inside PTR, SRV and NSEC data.</summary>
internal static class MessageNames
{
    public static IEnumerable<DnsName> All(DnsMessage message)
    {
        foreach (var q in message.Questions.AsEnumerable())
        {
            yield return q.Name;
        }

        foreach (var r in message.Answers.Concat(message.Authorities).Concat(message.Additionals))
        {
            yield return r.Name;
            switch (r.Data)
            {
                case PtrData p:
                    yield return p.Target;
                    break;
                case SrvData s:
                    yield return s.Target;
                    break;
                case NsecData n:
                    yield return n.NextName;
                    break;
            }
        }
    }
}
