using System.Globalization;

namespace SparseGpu.Cli.Display;

/// <summary>The text of a progress line: bar, percentage, elapsed, ETA, rate, then what is being done.</summary>
public static class ProgressFormat
{
    public const int BarWidth = 20;

    /// <summary>`[#########-----------]  45.0%  0:42 elapsed  ETA 0:51  73,700 samples/s  epoch 3/10`.</summary>
    public static string Line(ProgressEstimator estimate, double? rate, string unit, string detail)
    {
        string rateText = rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"  {r:N0} {unit}/s") : "";
        string eta = estimate.Remaining is { } left ? Duration(left) : "?";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Bar(estimate.Fraction)} {estimate.Fraction * 100, 5:F1}%  {Duration(estimate.Elapsed)} elapsed  "
                + $"ETA {eta}{rateText}  {detail}"
        );
    }

    public static string Bar(double fraction)
    {
        int filled = (int)Math.Floor(Math.Clamp(fraction, 0, 1) * BarWidth + 1e-9); // 0.3 * 20 is 5.999...
        return "[" + new string('#', filled) + new string('-', BarWidth - filled) + "]";
    }

    /// <summary>m:ss below an hour, h:mm:ss above.</summary>
    public static string Duration(TimeSpan span)
    {
        long seconds = (long)Math.Round(Math.Max(0, span.TotalSeconds));
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:D2}");
    }
}
