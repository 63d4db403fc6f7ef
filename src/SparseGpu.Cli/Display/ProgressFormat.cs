using System.Globalization;

namespace SparseGpu.Cli.Display;

/// <summary>The text of a progress line: bar, percentage, elapsed, ETA, rate, then what is being done.</summary>
public static class ProgressFormat
{
    public const int BarWidth = 20;

    /// <summary>`[#########-----------]  45.0%  0:42 elapsed  ETA 0:51  73,700 samples/s  epoch 3/10`.</summary>
    public static string Line(ProgressEstimator estimate, double? rate, string unit, string detail)
    {
        string rateText = rate is { } r ? "  " + Rate(r, unit) : "";
        string eta = estimate.Remaining is { } left ? Duration(left) : "?";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Bar(estimate.Fraction)} {estimate.Fraction * 100, 5:F1}%  {Duration(estimate.Elapsed)} elapsed  "
                + $"ETA {eta}{rateText}  {detail}"
        );
    }

    /// <summary>
    /// `73,700 samples/s`, `2.5 runs/s`, or per minute or hour when under one per second: a million-neuron
    /// robustness sweep finishes an evaluation every half minute, and "0 evaluations/s" reads as stalled.
    /// </summary>
    public static string Rate(double perSecond, string unit)
    {
        var c = CultureInfo.InvariantCulture;
        return perSecond switch
        {
            // thresholds at what rounds up to 10 and to 1.0, so 0.99999 (30 in 30.0001 s) reads "1.0 .../s"
            >= 9.95 => string.Create(c, $"{perSecond:N0} {unit}/s"),
            >= 0.995 => string.Create(c, $"{perSecond:F1} {unit}/s"),
            >= 0.995 / 60 => string.Create(c, $"{perSecond * 60:F1} {unit}/min"),
            _ => string.Create(c, $"{perSecond * 3600:F1} {unit}/h"),
        };
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
