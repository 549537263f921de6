using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// Simultaneous probe tie-breaking (RFC 6762 §8.2): each host sorts the authority records it proposes
/// for the name, then the two lists are compared record by record, by class (without the cache-flush
/// bit), then type, then the raw uncompressed RDATA bytes. The first difference decides and the
/// lexicographically later list wins; a list that runs out first loses; equal lists are no conflict
/// (our own probe, looped back).
/// </summary>
internal static class ProbeTieBreak
{
    /// <summary>Negative when ours is earlier (we lose), positive when later (we win), zero when the same.</summary>
    public static int Compare(IEnumerable<DnsRecord> ours, IEnumerable<DnsRecord> theirs)
    {
        var a = Sorted(ours);
        var b = Sorted(theirs);
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = CompareRecord(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private static List<(DnsRecord Record, byte[] Data)> Sorted(IEnumerable<DnsRecord> records)
    {
        var list = records.Select(r => (r, UncompressedData(r.Data))).ToList();
        list.Sort((x, y) => CompareRecord(x, y));
        return list;
    }

    private static int CompareRecord((DnsRecord Record, byte[] Data) x, (DnsRecord Record, byte[] Data) y)
    {
        var c = ((ushort)x.Record.Class).CompareTo((ushort)y.Record.Class);
        if (c == 0)
        {
            c = ((ushort)x.Record.Type).CompareTo((ushort)y.Record.Type);
        }

        return c != 0 ? c : x.Data.AsSpan().SequenceCompareTo(y.Data);
    }

    /// <summary>
    /// The RDATA with names in full: a writer with a fresh compressor has nothing earlier to point at,
    /// and each of our record types holds at most one name.
    /// </summary>
    private static byte[] UncompressedData(DnsRecordData data)
    {
        // The writer counts what does not fit, so a pass into nothing measures.
        var measure = new DnsWriter([], new NameCompressor());
        data.Write(ref measure);
        var buffer = new byte[measure.Position];
        var writer = new DnsWriter(buffer, new NameCompressor());
        data.Write(ref writer);
        return buffer;
    }
}
