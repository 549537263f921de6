namespace Peerlink.Wire.Json;

/// <summary>Spellings shared by the JSON writer and reader.</summary>
internal static class JsonNames
{
    public static string Kind(MessageKind kind) => kind switch
    {
        MessageKind.Request => "request",
        MessageKind.Indication => "indication",
        MessageKind.Response => "response",
        MessageKind.ResponseAck => "responseAck",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];
}
