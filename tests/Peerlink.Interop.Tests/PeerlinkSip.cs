using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>The real <c>peerlink sip ...</c> (the build's peerlink.dll) run inside a test's namespace, bounded in time.</summary>
internal static class PeerlinkSip
{
    public static NamespaceProcess Start(string ns, TimeSpan lifetime, params string[] arguments) =>
        NamespaceProcess.Start(ns, lifetime, null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, "sip", .. arguments]);

    /// <summary>Writes an 8 kHz mono 16-bit WAV of a sine at <paramref name="frequency"/>.</summary>
    public static string WriteTone(string directory, double frequency, TimeSpan length)
    {
        var path = Path.Combine(directory, $"tone{frequency}.wav");
        var samples = new Peerlink.Sip.Media.ToneGenerator(frequency, 8000).Next((int)(8000 * length.TotalSeconds));
        File.WriteAllBytes(path, Peerlink.Sip.Media.WavFile.Encode(8000, samples));
        return path;
    }

    /// <summary>The dominant frequency of a WAV's audio (Peerlink's ToneDetector); fails the test when there is no clear tone.</summary>
    public static double ToneIn(string path)
    {
        Assert.True(File.Exists(path), $"no recording at {path}");
        Assert.True(Peerlink.Sip.Media.WavFile.TryRead(File.ReadAllBytes(path), out var audio, out var error), $"{path}: {error}");
        Assert.True(audio.Duration > TimeSpan.FromSeconds(1), $"{path} holds only {audio.Duration}");
        var tone = Peerlink.Sip.Media.ToneDetector.DetectTone(audio.Samples, audio.SampleRate);
        Assert.True(tone is not null, $"{path}: no tone in {audio.Duration} of audio");
        return tone.Value.Frequency;
    }
}
