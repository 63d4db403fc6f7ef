using System.Globalization;
using ScottPlot;
using SparseGpu.Robustness;

namespace SparseGpu.Plotting;

/// <summary>
/// The exact numbers a figure draws, written beside it as FIGURE.figure.csv: per panel and series, each x with the
/// mean (the line), the standard deviation, the band's ends (mean ± std), the number of samples averaged and the
/// unit of the drawn values. A figure draws accuracies and shares of links in percent while metrics.csv and
/// robustness.csv hold fractions, so every row names its unit ("percent", "fraction", "count", ...).
/// </summary>
public sealed class FigureTable
{
    public const string Header = "panel,series,x,mean,std,band_low,band_high,samples,unit";

    /// <summary>The columns of a figure whose points have a spread in x as well as in y (a scatter of means).</summary>
    public const string BothWaysHeader = "panel,series,x_mean,x_std,y_mean,y_std,samples,unit";

    private readonly StringWriter _text = new(CultureInfo.InvariantCulture) { NewLine = "\n" };
    private readonly CsvWriter _table;
    private readonly bool _bothWays;

    public FigureTable()
        : this(bothWays: false) { }

    private FigureTable(bool bothWays)
    {
        _bothWays = bothWays;
        _table = new CsvWriter(_text, CsvWriter.Columns(bothWays ? BothWaysHeader : Header));
    }

    /// <summary>A table of points that are means in both x and y (<see cref="AddPointWithErrors"/> only).</summary>
    public static FigureTable WithErrorsBothWays() => new(bothWays: true);

    /// <summary>One point of a both-ways table: each of x and y a single mean ± std over the same samples, both in
    /// <paramref name="unit"/>.</summary>
    public void AddPointWithErrors(string panel, string series, MeanBand x, MeanBand y, string unit)
    {
        if (!_bothWays || x.X.Length != 1 || y.X.Length != 1)
            throw new InvalidOperationException("a both-ways point is one mean in x and one in y, in such a table");
        _table.Row(
            panel,
            series,
            CsvCell.Exact(x.Mean[0]),
            CsvCell.Exact(x.Std[0]),
            CsvCell.Exact(y.Mean[0]),
            CsvCell.Exact(y.Std[0]),
            x.Samples[0],
            unit
        );
    }

    public void Add(string panel, string series, MeanBand band, string unit)
    {
        for (int i = 0; i < band.X.Length; i++)
            Row(panel, series, band.X[i], band.Mean[i], band.Std[i], band.Samples[i], unit);
    }

    /// <summary>A single drawn value, such as a threshold marker (std 0, one sample).</summary>
    public void AddPoint(string panel, string series, double x, double y, string unit) =>
        Row(panel, series, x, y, 0, 1, unit);

    private void Row(string panel, string series, double x, double mean, double std, int samples, string unit)
    {
        if (_bothWays)
            throw new InvalidOperationException("a both-ways table takes AddPointWithErrors rows only");
        _table.Row(
            panel,
            series,
            CsvCell.Exact(x),
            CsvCell.Exact(mean),
            CsvCell.Exact(std),
            CsvCell.Exact(mean - std),
            CsvCell.Exact(mean + std),
            samples,
            unit
        );
    }

    public override string ToString() => _text.ToString();

    /// <summary>
    /// The numbers of every line, bar and heat map of a figure, read back from what it draws (for figures that are
    /// not made of mean ± std series): one row per point, std 0 and one sample; a heat map cell's x and y are its
    /// column and row. The unit is the y axis's, as <see cref="FigureUnit"/> reads it.
    /// </summary>
    public static FigureTable Drawn(Multiplot figure)
    {
        var table = new FigureTable();
        foreach (ScottPlot.Plot plot in figure.GetPlots())
        {
            string panel = plot.Axes.Title.Label.Text;
            string unit = FigureUnit.FromAxisLabel(plot.Axes.Left.Label.Text);
            int unnamed = 0;
            foreach (ScottPlot.IPlottable drawn in plot.GetPlottables())
            {
                switch (drawn)
                {
                    case ScottPlot.Plottables.Scatter scatter:
                        // A series on a second y axis (the scaling figure's GiB) is in that axis's unit.
                        string lineUnit = FigureUnit.FromAxisLabel((scatter.Axes.YAxis ?? plot.Axes.Left).Label.Text);
                        string series = string.IsNullOrEmpty(scatter.LegendText)
                            ? $"line {++unnamed}"
                            : scatter.LegendText;
                        foreach (ScottPlot.Coordinates c in scatter.Data.GetScatterPoints())
                            table.AddPoint(panel, series, c.X, c.Y, lineUnit);
                        break;
                    case ScottPlot.Plottables.BarPlot bars:
                        string barSeries = $"bars {++unnamed}";
                        foreach (ScottPlot.Bar bar in bars.Bars)
                            table.AddPoint(panel, barSeries, bar.Position, bar.Value, unit);
                        break;
                    case ScottPlot.Plottables.Heatmap map:
                        string mapSeries = $"map {++unnamed}";
                        // Its values are the colour bar's, which this reader cannot see: figures with heat maps
                        // write their own table with the unit (input-maps.png does).
                        const string mapUnit = "colour bar value";
                        double[,] cells = map.Intensities;
                        for (int row = 0; row < cells.GetLength(0); row++)
                        for (int column = 0; column < cells.GetLength(1); column++)
                            table.AddPoint(panel, mapSeries, column, cells[row, column], mapUnit);
                        break;
                }
            }
        }
        return table;
    }
}
