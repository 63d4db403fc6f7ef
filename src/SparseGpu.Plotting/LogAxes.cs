using System.Globalization;
using ScottPlot;

namespace SparseGpu.Plotting;

/// <summary>
/// Log-scaled axes as ScottPlot 5 makes them: the data drawn is log10 of the values, the major ticks fall on whole
/// powers of ten and are labelled with the value itself (1, 10, 100; 0.01, 0.1, 1), and log-spaced minor ticks and
/// grid lines between them show the scale is logarithmic. A log10 value on a linear axis reads as a number it is not.
/// </summary>
internal static class LogAxes
{
    /// <summary>Both axes of <paramref name="plot"/>, whose data are log10 values.</summary>
    public static void Apply(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = Ticks();
        plot.Axes.Left.TickGenerator = Ticks();
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic Ticks() =>
        new()
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Label,
        };

    /// <summary>The value whose log10 is <paramref name="exponent"/>: "1000", "1", "0.001".</summary>
    public static string Label(double exponent) =>
        Math.Pow(10, Math.Round(exponent)).ToString("0.##########", CultureInfo.InvariantCulture);
}
