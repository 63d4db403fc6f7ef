namespace SparseGpu.Robustness;

/// <summary>
/// Per model and perturbation: the unperturbed accuracy (level 0), the area under the mean-accuracy curve divided
/// by the level range (so it reads as the mean accuracy over the range), the first level at which mean accuracy
/// falls below 90% and below 50% of the unperturbed value (blank if it never does), and the accuracy at level 0.8
/// (interpolated between grid levels; blank outside the range).
/// </summary>
public static class RobustnessSummary
{
    public static List<RobustnessSummaryRow> Compute(IEnumerable<RobustnessRecord> records)
    {
        var rows = new List<RobustnessSummaryRow>();
        foreach (var group in records.GroupBy(r => (r.Model, r.Perturbation)))
        {
            RobustnessRecord first = group.First();
            var curve = MeanCurve(group);
            if (curve[0].Level != 0)
                throw new SparseGpuException(
                    $"{first.Model} / {first.Perturbation}: no level 0 rows, so no unperturbed accuracy to compare with"
                );
            double baseline = curve[0].Accuracy;
            rows.Add(
                new RobustnessSummaryRow(
                    first.Model,
                    first.Method,
                    first.Dataset,
                    first.Seed,
                    first.Perturbation,
                    baseline,
                    AreaUnderCurve(curve),
                    FirstBelow(curve, 0.9 * baseline),
                    FirstBelow(curve, 0.5 * baseline),
                    At(curve, 0.8)
                )
            );
        }
        return rows;
    }

    /// <summary>Mean accuracy per level over repeats, ascending levels.</summary>
    public static List<(double Level, double Accuracy)> MeanCurve(IEnumerable<RobustnessRecord> records) =>
        records.GroupBy(r => r.Level).OrderBy(g => g.Key).Select(g => (g.Key, g.Average(r => r.Accuracy))).ToList();

    private static double AreaUnderCurve(List<(double Level, double Accuracy)> curve)
    {
        if (curve.Count < 2)
            return curve[0].Accuracy;
        double area = 0;
        for (int i = 1; i < curve.Count; i++)
            area += (curve[i].Level - curve[i - 1].Level) * (curve[i].Accuracy + curve[i - 1].Accuracy) / 2;
        return area / (curve[^1].Level - curve[0].Level);
    }

    private static double? FirstBelow(List<(double Level, double Accuracy)> curve, double threshold) =>
        curve.Where(p => p.Accuracy < threshold).Select(p => (double?)p.Level).FirstOrDefault();

    private static double? At(List<(double Level, double Accuracy)> curve, double level)
    {
        for (int i = 0; i < curve.Count; i++)
        {
            if (Math.Abs(curve[i].Level - level) < 1e-9)
                return curve[i].Accuracy;
            if (i > 0 && curve[i - 1].Level < level && level < curve[i].Level)
            {
                double t = (level - curve[i - 1].Level) / (curve[i].Level - curve[i - 1].Level);
                return curve[i - 1].Accuracy + t * (curve[i].Accuracy - curve[i - 1].Accuracy);
            }
        }
        return null;
    }
}
