using Peerlink.Sip.Media;

namespace Peerlink.Cli.Sip;

/// <summary>The --play file of <c>sip answer</c> and <c>sip call</c>: 8 kHz mono 16-bit WAV, refused by name otherwise.</summary>
internal static class SipAudioFiles
{
    public static bool TryLoad(string? path, CliIo io, out WavAudio? audio)
    {
        audio = null;
        if (path is null)
        {
            return true;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Fail($"--play {path}: {e.Message}");
            return false;
        }

        if (!WavFile.TryRead(bytes, out audio, out var error, requiredSampleRate: 8000))
        {
            io.Fail($"--play {path}: {error} (a call plays 8 kHz mono 16-bit PCM WAV)");
            return false;
        }

        return true;
    }
}
