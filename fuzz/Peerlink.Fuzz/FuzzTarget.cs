namespace Peerlink.Fuzz;

/// <summary>Checks one fuzz input; any exception it lets out is a finding.</summary>
public delegate void InputCheck(ReadOnlySpan<byte> input);

/// <summary>A decoder the harness can fuzz: its check and its seed corpus.</summary>
/// <param name="Name">What run.sh and <c>--target</c> call it.</param>
/// <param name="Check">The property every input must satisfy.</param>
/// <param name="Seeds">The seed messages, named and encoded.</param>
public sealed record FuzzTarget(string Name, InputCheck Check, Func<IEnumerable<(string Name, byte[] Bytes)>> Seeds)
{
    /// <summary>The P2PP codec (Peerlink.Wire), the default.</summary>
    public static FuzzTarget P2pp { get; } = new("p2pp", Target.Check, Fuzz.Seeds.Encoded);

    /// <summary>The DNS message codec of Multicast DNS (Peerlink.Zeroconf).</summary>
    public static FuzzTarget Dns { get; } = new("dns", DnsTarget.Check, DnsSeeds.Encoded);

    /// <summary>The mDNS responder and querier (Peerlink.Zeroconf) fed runs of hostile datagrams.</summary>
    public static FuzzTarget Mdns { get; } = new("mdns", MdnsEngineTarget.Check, MdnsEngineTarget.Seeds);

    /// <summary>The z2z record codec and seal (Peerlink.Z2z).</summary>
    public static FuzzTarget Z2z { get; } = new("z2z", Z2zTarget.Check, Z2zTarget.Seeds);

    /// <summary>The STUN codec, the Binding server and client transactions (Peerlink.Nat).</summary>
    public static FuzzTarget Stun { get; } = new("stun", StunTarget.Check, StunTarget.Seeds);

    /// <summary>The SIP parser and writer, SDP, RTP, RTCP and WAV readers (Peerlink.Sip).</summary>
    public static FuzzTarget Sip { get; } = new("sip", SipTarget.Check, SipTarget.Seeds);

    public static IReadOnlyList<FuzzTarget> All { get; } = [P2pp, Dns, Mdns, Z2z, Stun, Sip];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Writes the seeds into a folder, each checked first (a seed that fails is a bug in the seeds or the codec).</summary>
    public void WriteSeeds(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in Seeds())
        {
            Check(bytes);
            File.WriteAllBytes(Path.Combine(directory, name + ".bin"), bytes);
            Console.WriteLine($"{name}.bin: {bytes.Length} bytes");
        }
    }
}
