using System.CommandLine;
using System.Net;
using Peerlink.Core;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;

namespace Peerlink.Cli.Sip;

/// <summary>The options <c>peerlink sip register</c> and <c>lookup</c> share: the AOR and how to reach the overlay.</summary>
internal sealed class LocationOptions
{
    public Argument<string> Aor { get; } = new("SIP-AOR") { Description = "The address-of-record, e.g. sip:alice@example.com. Its user@host, hashed with --hash, is the Resource-ID." };

    public Option<string> Via { get; } = new("--via") { Description = "HOST:PORT of an overlay peer to go through (as a client, §3.2).", DefaultValueFactory = _ => "127.0.0.1:7081" };

    public Choice<TransportKind> Transport { get; } = OverlayChoices.Transport("The overlay's transport: a peer started with --transport tcp is reached over tcp only.");

    public Choice<HashAlgorithmCode> Hash { get; } = OverlayChoices.Hash("The overlay's hash algorithm: the AOR is hashed with it, and it sets the ID length.", "sha1");

    public void AddTo(Command command)
    {
        command.Arguments.Add(Aor);
        foreach (var o in new Option[] { Via, Transport.Option, Hash.Option })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The AOR and --via, or false after one line saying what is wrong.</summary>
    public bool TryRead(ParseResult parse, CliIo io, out SipUri aor, out IPEndPoint via)
    {
        aor = null!;
        via = null!;
        if (!SipAor.TryParse(parse.GetValue(Aor) ?? string.Empty, out var parsed, out var error))
        {
            io.Fail(error);
            return false;
        }

        if (!EndPoints.TryParse(parse.GetValue(Via), io, "--via", out var at) || at is null)
        {
            return false;
        }

        (aor, via) = (parsed, at);
        return true;
    }

    public PeerSetup Setup(ParseResult parse) => new() { Transport = Transport.Get(parse), Hash = Hash.Get(parse) };
}
