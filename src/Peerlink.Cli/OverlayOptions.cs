using System.CommandLine;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// The overlay parameters decoding depends on: the ID length of Source-ID and Response-ID, given
/// directly or through the hash algorithm whose output length it is.
/// </summary>
internal sealed class OverlayOptions
{
    private readonly Option<int?> _idLength = new("--id-length")
    {
        Description = "Overlay ID length in bytes, 1 to 64 (default 20, or the --hash output length).",
    };

    private readonly Option<HashAlgorithmCode> _hash = new("--hash")
    {
        Description = "The overlay's hash algorithm: Sha1 (20-byte IDs), Sha256 (32), Sha512 (64), Md5 (16), Md4 (16).",
        DefaultValueFactory = _ => HashAlgorithmCode.Sha1,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_idLength);
        command.Options.Add(_hash);
    }

    public bool TryGet(ParseResult parse, CliIo io, out WireOptions options)
    {
        options = WireOptions.Default;
        var hash = parse.GetValue(_hash);
        var length = parse.GetValue(_idLength) ?? (hash == HashAlgorithmCode.None ? 20 : IdHash.OutputLength(hash));
        if (length is < 1 or > NodeId.MaxLength)
        {
            io.Fail($"--id-length must be 1 to {NodeId.MaxLength}, not {length}");
            return false;
        }

        options = new WireOptions { IdLength = length };
        return true;
    }
}
