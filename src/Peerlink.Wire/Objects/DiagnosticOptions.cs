namespace Peerlink.Wire;

//  Diagnostic-Options (type 7; named in §13 with no layout: this layout is ours):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Object-Type 1 | Object-Type 2 |     ...                       //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Diagnostic-Options: the diagnostic objects (19 to 23) a GetDiagnostics or Query asks for.</summary>
/// <param name="Requested">Object types asked for, one byte each.</param>
public sealed record DiagnosticOptions(Core.ValueList<ObjectType> Requested) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.DiagnosticOptions;

    internal override int ValueLength => Requested.Count;

    internal override void WriteValue(ref WireWriter writer)
    {
        foreach (var t in Requested)
        {
            writer.WriteByte((byte)t);
        }
    }

    internal static DiagnosticOptions ReadValue(ref WireReader value)
    {
        var bytes = value.ReadRest();
        var types = new ObjectType[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            types[i] = (ObjectType)bytes[i];
        }

        return new DiagnosticOptions(Core.ValueListMarshal.AsValueList(types));
    }
}
