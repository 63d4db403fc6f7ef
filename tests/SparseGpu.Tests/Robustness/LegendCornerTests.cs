using ScottPlot;
using SparseGpu.Plotting;

namespace SparseGpu.Tests.Robustness;

/// <summary>A legend goes where it hides the fewest drawn values.</summary>
public sealed class LegendCornerTests
{
    private static List<Coordinates> Grid(Func<double, double, bool> keep) =>
        [
            .. from x in Enumerable.Range(0, 11)
            from y in Enumerable.Range(0, 11)
            where keep(x / 10.0, y / 10.0)
            select new Coordinates(x, 50 + 5 * y),
        ];

    [Theory]
    [InlineData(0.0, 0.0, Alignment.LowerLeft)]
    [InlineData(0.6, 0.0, Alignment.LowerRight)]
    [InlineData(0.0, 0.6, Alignment.UpperLeft)]
    [InlineData(0.6, 0.6, Alignment.UpperRight)]
    public void The_legend_takes_the_one_empty_corner(double emptyX, double emptyY, Alignment expected)
    {
        // Values everywhere except a 40% x 40% corner; the other corners keep theirs, so the range stays
        // 0..10 x 50..100.
        var drawn = Grid((x, y) => !(x >= emptyX && x <= emptyX + 0.4 && y >= emptyY && y <= emptyY + 0.4));
        Assert.Equal(expected, LegendCorner.Emptiest(drawn));
    }

    [Fact]
    public void A_legend_leaves_the_low_values_of_a_sweep_visible()
    {
        // The shape that hid a grid's weakest settings under a fixed lower-left legend: low values on the left.
        Coordinates[] drawn = [new(0, 55), new(0, 62), new(1, 60), new(1, 66), new(2, 86), new(3, 96), new(4, 95)];
        Assert.NotEqual(Alignment.LowerLeft, LegendCorner.Emptiest(drawn));
        Assert.Equal(Alignment.LowerRight, LegendCorner.Emptiest(drawn));
    }

    [Fact]
    public void Without_finite_values_the_legend_keeps_the_first_corner() =>
        Assert.Equal(Alignment.LowerLeft, LegendCorner.Emptiest([new(double.NaN, 1)]));
}
