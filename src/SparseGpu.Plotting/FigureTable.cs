using System.Globalization;
using System.Text;

namespace SparseGpu.Plotting;

/// <summary>
/// The exact numbers a figure draws, written beside it as FIGURE.csv: per panel and series, each x with the mean
/// (the line), the standard deviation, the band's ends (mean ± std) and the number of samples averaged.
/// </summary>
public sealed class FigureTable
{
    public const string Header = "panel,series,x,mean,std,band_low,band_high,samples";

    private readonly StringBuilder _text = new(Header + "\n");

    public void Add(string panel, string series, MeanBand band)
    {
        for (int i = 0; i < band.X.Length; i++)
            Row(panel, series, band.X[i], band.Mean[i], band.Std[i], band.Samples[i]);
    }

    /// <summary>A single drawn value, such as a threshold marker (std 0, one sample).</summary>
    public void AddPoint(string panel, string series, double x, double y) => Row(panel, series, x, y, 0, 1);

    private void Row(string panel, string series, double x, double mean, double std, int samples) =>
        _text.Append(string.Join(",", Field(panel), Field(series), N(x), N(mean), N(std), N(mean - std), N(mean + std),
            samples.ToString(CultureInfo.InvariantCulture))).Append('\n');

    public override string ToString() => _text.ToString();

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
