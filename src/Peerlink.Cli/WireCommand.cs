using System.CommandLine;
using Peerlink.Core;
using Peerlink.Wire;
using Peerlink.Wire.Json;

namespace Peerlink.Cli;

/// <summary><c>peerlink wire encode|decode</c>: P2PP bytes to JSON and back.</summary>
internal static class WireCommand
{
    public static Command Create(CliIo io)
    {
        var wire = new Command("wire", "Translate P2PP messages between bytes (hex) and JSON.");
        wire.Subcommands.Add(CreateDecode(io));
        wire.Subcommands.Add(CreateEncode(io));
        return wire;
    }

    private static Command CreateDecode(CliIo io)
    {
        var overlay = new OverlayOptions();
        var compact = new Option<bool>("--compact") { Description = "Print the JSON on one line." };
        var command = new Command(
            "decode",
            "Read one P2PP message as hex on stdin (whitespace allowed) and print it as JSON.\n" +
            "Exit 1 with the offset and the reason on stderr when the bytes are not a valid message.\n" +
            "Example: peerlink wire encode < join.json | peerlink wire decode");
        overlay.AddTo(command);
        command.Options.Add(compact);
        command.SetAction(parse =>
        {
            if (!overlay.TryGet(parse, io, out var options))
            {
                return 2;
            }

            byte[] bytes;
            try
            {
                bytes = Hex.Parse(io.In.ReadToEnd());
            }
            catch (FormatException e)
            {
                return io.Fail($"input is not hex: {e.Message}");
            }

            try
            {
                var message = P2ppCodec.Decode(bytes, options);
                io.Out.WriteLine(P2ppJsonWriter.Write(message, indented: !parse.GetValue(compact)));
                return 0;
            }
            catch (MalformedMessageException e)
            {
                return io.Fail($"malformed P2PP message at byte {e.Offset}: {e.Reason} ({e.Error})");
            }
        });
        return command;
    }

    private static Command CreateEncode(CliIo io)
    {
        var overlay = new OverlayOptions();
        var command = new Command(
            "encode",
            "Read one P2PP message as JSON on stdin (the form 'wire decode' prints) and print its bytes as hex.\n" +
            "Example: echo '{\"kind\":\"request\",\"requestType\":\"Join\",\"transactionId\":1,\"sourceId\":\"<40 hex digits>\"," +
            "\"ttl\":8,\"objects\":[{\"type\":\"PeerInfo\",\"candidates\":[{\"address\":\"127.0.0.1\",\"port\":7080}]}]}' | peerlink wire encode");
        overlay.AddTo(command);
        command.SetAction(parse =>
        {
            if (!overlay.TryGet(parse, io, out var options))
            {
                return 2;
            }

            try
            {
                var message = P2ppJsonReader.Read(io.In.ReadToEnd());
                io.Out.WriteLine(Hex.Format(P2ppCodec.Encode(message, options)));
                return 0;
            }
            catch (FormatException e)
            {
                return io.Fail($"bad message JSON: {e.Message}");
            }
            catch (ArgumentException e)
            {
                return io.Fail($"cannot encode: {e.Message}");
            }
        });
        return command;
    }
}
