using System.Text;
using FsCheck.Xunit;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Sip.Tests.UserAgent;

/// <summary>Properties of two user agents on a lossy virtual link, and of one fed arbitrary bytes.</summary>
public class SipUserAgentPropertyTests
{
    /// <summary>
    /// Whatever the link loses (each datagram with a seeded chance up to 1 in 2), a call that Alice hangs up
    /// (at a time before or after the answer) ends on both sides within Timers B/F/H plus the 2xx give-up
    /// (well under 200 s), no call is left, and every media port taken is given back.
    /// </summary>
    [Property(Replay = Replay.Seed, MaxTest = 150)]
    public bool Call_AnyLossAnyHangupTime_BothSidesEndAndReleaseEveryPort(int seed, byte lossPercent, ushort hangupMs, bool bobHangsUp)
    {
        var random = new Random(seed);
        var loss = lossPercent % 51;
        var pair = new UaPair { Drop = (_, _) => random.Next(100) < loss };
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromMilliseconds(hangupMs % 5000));
        if (bobHangsUp && pair.Bob.Calls.Count > 0)
        {
            pair.Bob.Hangup(pair.Now, pair.Bob.Calls[0]);
        }
        else
        {
            pair.Alice.Hangup(pair.Now, call);
        }

        pair.RunUntil(TimeSpan.FromSeconds(200));

        return call.State == SipCallState.Ended
            && pair.Alice.Calls.Count == 0 && pair.Bob.Calls.Count == 0
            && pair.AlicePorts.Released.Count == pair.AlicePorts.Reserved
            && pair.BobPorts.Released.Count == pair.BobPorts.Reserved;
    }

    /// <summary>Arbitrary bytes, or a real INVITE with bytes flipped, never throw; whatever is answered parses.</summary>
    [Property(Replay = Replay.Seed, MaxTest = 1000)]
    public void Receive_ArbitraryOrMangledBytes_NeverThrowsAndEveryReplyParses(byte[] noise, int flipAt, byte flip, bool mangle)
    {
        var pair = new UaPair();
        byte[] bytes;
        if (mangle)
        {
            pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
            bytes = pair.Alice.DrainSends()[0].Bytes;
            bytes[(int)((uint)flipAt % bytes.Length)] ^= flip;
        }
        else
        {
            bytes = [.. Encoding.ASCII.GetBytes("INVITE sip:bob@192.0.2.20 SIP/2.0\r\n"), .. noise];
        }

        pair.Bob.Receive(TimeSpan.Zero, bytes, UaPair.AliceAt);
        pair.Bob.Poll(TimeSpan.FromSeconds(1));

        foreach (var reply in pair.Bob.DrainSends())
        {
            Assert.True(Peerlink.Sip.Message.SipMessageParser.Parse(reply.Bytes).IsOk);
        }
    }
}
