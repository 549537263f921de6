namespace Peerlink.Simulation;

/// <summary>
/// Stateless hashing of (seed, node, pair) to well-spread bits: per-node and per-pair properties
/// (an Internet model's coordinates, a node's seed) are computed when needed instead of stored,
/// which keeps the simulator's memory per node small and its draws independent of event order.
/// </summary>
internal static class Mixing
{
    /// <summary>The SplitMix64 finaliser (Steele, Lea and Flood 2014), a bijection on 64 bits.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EB;
        return x ^ (x >> 31);
    }

    public static ulong Mix(ulong a, ulong b) => Mix(Mix(a) ^ b);

    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b) ^ c);

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// An approximately standard normal value from 64 bits: the sum of four 16-bit uniforms
    /// (Irwin–Hall), centred and scaled. Bounded to ±2√3, which is what we want for delays: no
    /// absurd outliers.
    /// </summary>
    public static double Normal(ulong bits)
    {
        double sum = 0;
        for (var i = 0; i < 4; i++)
        {
            sum += ((bits >> (16 * i)) & 0xFFFF) / 65536.0;
        }

        return (sum - 2.0) * Math.Sqrt(3.0);
    }
}
