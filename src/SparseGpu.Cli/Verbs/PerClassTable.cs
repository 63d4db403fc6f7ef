using System.Globalization;
using SparseGpu.Evaluation;

namespace SparseGpu.Cli.Verbs;

/// <summary>`evaluate --per-class`'s table on stdout: one line per class, scores in percent.</summary>
internal static class PerClassTable
{
    public static void Write(TextWriter output, ClassReport byClass)
    {
        int width = Math.Max(5, byClass.Classes.Max(c => c.Name.Length));
        output.WriteLine(
            $"{"class".PadRight(width)} {"support", 8} {"correct", 8} {"recall", 8} {"predicted", 9} {"precision", 9}"
        );
        foreach (ClassScore c in byClass.Classes)
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{c.Name.PadRight(width)} {c.Support, 8} {c.Correct, 8} {Percent(c.Recall), 8} "
                        + $"{c.Predicted, 9} {Percent(c.Precision), 9}"
                )
            );
    }

    /// <summary>A score in percent, or "-" where it is undefined (no image of the class, or none predicted).</summary>
    private static string Percent(double value) =>
        double.IsNaN(value) ? "-" : (value * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";
}
