using FsCheck.Xunit;

namespace Peerlink.Core.Tests;

public class ValueListTests
{
    private sealed record Route(string Name, ValueList<NodeId> Hops);

    private sealed record Store(ValueList<Bytes> Values);

    [Fact]
    public void CollectionExpression_Items_CountIndexerAndOrder()
    {
        ValueList<int> list = [3, 1, 2];

        Assert.Equal(3, list.Count);
        Assert.Equal(3, list[0]);
        Assert.Equal(1, list[1]);
        Assert.Equal(2, list[2]);
        Assert.Equal([3, 1, 2], list.ToArray());
        Assert.Equal([3, 1, 2], list.AsSpan().ToArray());
    }

    [Fact]
    public void CollectionExpression_Spread_CopiesItems()
    {
        int[] source = [1, 2];
        ValueList<int> list = [0, .. source, 3];

        source[0] = 99;

        Assert.Equal([0, 1, 2, 3], list.ToArray());
    }

    [Fact]
    public void CollectionExpression_Empty_EqualsDefault()
    {
        ValueList<int> empty = [];

        Assert.True(empty.Count == 0, "Count of an empty list");
        Assert.Empty(empty);
        Assert.True(empty.AsSpan().IsEmpty);
        Assert.True(empty == default);
        Assert.Equal(default(ValueList<int>).GetHashCode(), empty.GetHashCode());
        Assert.Equal("[]", empty.ToString());
    }

    [Fact]
    public void Default_NoItems_EmptyAndEnumerable()
    {
        ValueList<string> list = default;

        Assert.True(list.Count == 0, "Count of default");
        Assert.Empty(list);
        Assert.True(list.AsSpan().IsEmpty);
    }

    [Fact]
    public void Constructor_SourceMutatedAfterwards_ListUnchanged()
    {
        var source = new List<string> { "a", "b" };
        var list = new ValueList<string>(source);

        source.Add("c");
        source[0] = "z";

        Assert.Equal(["a", "b"], list.ToArray());
    }

    [Fact]
    public void Constructor_ArraySourceMutatedAfterwards_ListUnchanged()
    {
        int[] source = [1, 2, 3];
        var list = new ValueList<int>(source);

        source[0] = 99;

        Assert.Equal([1, 2, 3], list.ToArray());
    }

    [Fact]
    public void Create_SourceMutatedAfterwards_ListUnchanged()
    {
        int[] source = [1, 2, 3];
        var list = ValueList.Create<int>(source);

        source[0] = 99;

        Assert.Equal([1, 2, 3], list.ToArray());
    }

    [Fact]
    public void Equals_SameItemsBuiltDifferently_EqualWithEqualHashCodes()
    {
        ValueList<int> a = [1, 2, 3];
        var b = new ValueList<int>(Enumerable.Range(1, 3));
        var c = ValueList.Create<int>([1, 2, 3]);

        Assert.True(a == b);
        Assert.True(b == c);
        Assert.False(a != c);
        Assert.True(a.Equals((object)c));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.GetHashCode(), c.GetHashCode());
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2 })]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2, 4 })]
    [InlineData(new[] { 1, 2, 3 }, new[] { 3, 2, 1 })] // order matters
    [InlineData(new[] { 0 }, new int[0])]
    public void Equals_DifferentItems_NotEqual(int[] x, int[] y)
    {
        var a = new ValueList<int>(x);
        var b = new ValueList<int>(y);

        Assert.False(a == b);
        Assert.False(b == a);
        Assert.True(a != b);
        Assert.False(a.Equals((object)b));
    }

    [Fact]
    public void Equals_OtherTypeOrNull_False()
    {
        ValueList<int> list = [1, 2];

        Assert.False(list.Equals(new[] { 1, 2 }));
        Assert.False(list.Equals(new List<int> { 1, 2 }));
        Assert.False(list.Equals(null));
    }

    [Fact]
    public void Equals_ItemsCompareByTheirEquals_DistinctStringInstancesEqual()
    {
        ValueList<string> a = [new string('x', 3), "y"];
        ValueList<string> b = ["xxx", new string('y', 1)];

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_NullItems_ComparedAsValues()
    {
        ValueList<string?> a = [null, "a"];
        ValueList<string?> b = [null, "a"];
        ValueList<string?> c = ["a", null];

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.False(a == c);
    }

    [Fact]
    public void Equals_NestedLists_CompareByContent()
    {
        ValueList<ValueList<int>> a = [[1, 2], [], [3]];
        ValueList<ValueList<int>> b = [[1, 2], [], [3]];
        ValueList<ValueList<int>> c = [[1, 2], [3]];

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.False(a == c);
    }

    [Fact]
    public void Record_HoldingListsOfIds_EqualByContent()
    {
        var a = new Route("r", [NodeId.Parse("01"), NodeId.Parse("02")]);
        var b = new Route("r", [NodeId.FromBytes([1]), NodeId.FromBytes([2])]);
        var c = new Route("r", [NodeId.Parse("01")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Record_HoldingListsOfBytes_EqualByContent()
    {
        var a = new Store([Bytes.FromHex("00ff"), Bytes.Empty]);
        var b = new Store([Bytes.Copy([0x00, 0xFF]), default]);
        var c = new Store([Bytes.FromHex("00ff"), Bytes.FromHex("00")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ToString_Items_JoinedInBrackets()
    {
        ValueList<int> list = [1, 22, 333];

        Assert.Equal("[1, 22, 333]", list.ToString());
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void Equals_AnyTwoArrays_EqualIffSameSequence(int[] x, int[] y)
    {
        var a = new ValueList<int>(x);
        var b = ValueList.Create<int>(y);
        var same = x.AsSpan().SequenceEqual(y);

        Assert.Equal(same, a == b);
        Assert.Equal(x, a.ToArray());
        Assert.Equal(a.GetHashCode(), new ValueList<int>(x.ToList()).GetHashCode());
    }
}
