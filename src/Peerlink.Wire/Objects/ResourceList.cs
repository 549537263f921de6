using Peerlink.Core;

namespace Peerlink.Wire;

//  Resource-List (§9.3.1; type 25, ours):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      Num      |Resource-Type1 |Resource-Type2 |Resource-Type3 |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Resource-List (§9.3.1): the services (Cont-Types such as STUN, TURN) a node provides.</summary>
/// <param name="Services">The services.</param>
public sealed record ResourceList(ValueList<ContentType> Services) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.ResourceList;

    internal override int ValueLength =>
        Services.Count <= byte.MaxValue ? 1 + Services.Count : throw new ArgumentException("Resource-List holds at most 255 entries");

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)Services.Count);
        foreach (var s in Services)
        {
            writer.WriteByte((byte)s);
        }
    }

    internal static ResourceList ReadValue(ref WireReader value)
    {
        var count = value.ReadByte();
        if (value.Remaining != count)
        {
            value.Fail(DecodeError.BadObject, $"Resource-List Num says {count}, {value.Remaining} byte(s) follow");
        }

        var services = new ContentType[count];
        var bytes = value.ReadRest();
        for (var i = 0; i < count; i++)
        {
            services[i] = (ContentType)bytes[i];
        }

        return new ResourceList(ValueListMarshal.AsValueList(services));
    }
}
