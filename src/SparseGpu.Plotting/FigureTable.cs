using System.Globalization;
using ScottPlot;
using SparseGpu.Robustness;

namespace SparseGpu.Plotting;

/// <summary>
/// The exact numbers a figure draws, written beside it as FIGURE.csv: per panel and series, each x with the mean
/// (the line), the standard deviation, the band's ends (mean ± std) and the number of samples averaged.
/// </summary>
public sealed class FigureTable
{
    public const string Header = "panel,series,x,mean,std,band_low,band_high,samples";

    /// <summary>The columns of a figure whose points have a spread in x as well as in y (a scatter of means).</summary>
    public const string BothWaysHeader = "panel,series,x_mean,x_std,y_mean,y_std,samples";

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

    /// <summary>One point of a both-ways table: each of x and y a single mean ± std over the same samples.</summary>
    public void AddPointWithErrors(string panel, string series, MeanBand x, MeanBand y)
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
            x.Samples[0]
        );
    }

    public void Add(string panel, string series, MeanBand band)
    {
        for (int i = 0; i < band.X.Length; i++)
            Row(panel, series, band.X[i], band.Mean[i], band.Std[i], band.Samples[i]);
    }

    /// <summary>A single drawn value, such as a threshold marker (std 0, one sample).</summary>
    public void AddPoint(string panel, string series, double x, double y) => Row(panel, series, x, y, 0, 1);

    private void Row(string panel, string series, double x, double mean, double std, int samples)
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
            samples
        );
    }

    public override string ToString() => _text.ToString();

    /// <summary>
    /// The numbers of every line, bar and heat map of a figure, read back from what it draws (for figures that are
    /// not made of mean ± std series): one row per point, std 0 and one sample; a heat map cell's x and y are its
    /// column and row.
    /// </summary>
    public static FigureTable Drawn(Multiplot figure)
    {
        var table = new FigureTable();
        foreach (ScottPlot.Plot plot in figure.GetPlots())
        {
            string panel = plot.Axes.Title.Label.Text;
            int unnamed = 0;
            foreach (ScottPlot.IPlottable drawn in plot.GetPlottables())
            {
                switch (drawn)
                {
                    case ScottPlot.Plottables.Scatter scatter:
                        string series = string.IsNullOrEmpty(scatter.LegendText)
                            ? $"line {++unnamed}"
                            : scatter.LegendText;
                        foreach (ScottPlot.Coordinates c in scatter.Data.GetScatterPoints())
                            table.AddPoint(panel, series, c.X, c.Y);
                        break;
                    case ScottPlot.Plottables.BarPlot bars:
                        string barSeries = $"bars {++unnamed}";
                        foreach (ScottPlot.Bar bar in bars.Bars)
                            table.AddPoint(panel, barSeries, bar.Position, bar.Value);
                        break;
                    case ScottPlot.Plottables.Heatmap map:
                        string mapSeries = $"map {++unnamed}";
                        double[,] cells = map.Intensities;
                        for (int row = 0; row < cells.GetLength(0); row++)
                        for (int column = 0; column < cells.GetLength(1); column++)
                            table.AddPoint(panel, mapSeries, column, cells[row, column]);
                        break;
                }
            }
        }
        return table;
    }
}
