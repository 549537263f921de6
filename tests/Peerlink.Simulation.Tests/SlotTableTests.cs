namespace Peerlink.Simulation.Tests;

public class SlotTableTests
{
    [Fact]
    public void Take_FreedSlot_ReusedAndTableDoesNotGrow()
    {
        var table = new SlotTable<string>();
        var a = table.Add("a");
        var b = table.Add("b");

        Assert.Equal("a", table.Take(a));
        var c = table.Add("c");

        Assert.Equal(a, c);
        Assert.Equal(2, table.Count);
        Assert.Equal("b", table.Take(b));
        Assert.Equal("c", table.Take(c));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Add_BeyondInitialSize_Grows()
    {
        var table = new SlotTable<int>();
        var slots = Enumerable.Range(0, 1000).Select(table.Add).ToList();

        Assert.Equal(Enumerable.Range(0, 1000), slots.Select(table.Take));
    }
}
