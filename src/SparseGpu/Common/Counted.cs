using System.Globalization;

namespace SparseGpu;

/// <summary>A count with its noun in the right number: "1 epoch", "3 epochs" (messages said "1 epochs").</summary>
public static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
