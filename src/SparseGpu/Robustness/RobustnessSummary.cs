namespace SparseGpu.Robustness;

/// <summary>
/// Per model and perturbation: the unperturbed accuracy (level 0), the area under the mean-accuracy curve divided
/// by the level range (so it reads as the mean accuracy over the range), the first level at which mean accuracy
/// falls below 90% and below 50% of the unperturbed value (blank if it never does), and the accuracy at level 0.8
/// (interpolated between grid levels; blank outside the range). Then the robustness index R of Schneider et al. 2011
/// (PNAS 108, 3838), the mean over the levels of the measured quantity, for accuracy and for the largest connected
/// component's fraction of the nodes: R = (1/n) Σ_levels q̄(level), q̄ the mean over repeats, over every level of the
/// sweep, level 0 included. And each R relative to the dense models': R / R_dense, R_dense the mean R of the models
/// of the same data set under the same perturbation whose sparse layers are complete (sparse_density 1 at level 0);
/// blank when the sweep has no such model.
/// </summary>
public static class RobustnessSummary
{
    public static List<RobustnessSummaryRow> Compute(IEnumerable<RobustnessRecord> records)
    {
        var rows = new List<RobustnessSummaryRow>();
        var groups = records.GroupBy(r => (r.Model, r.Perturbation)).ToList();
        foreach (var group in groups)
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
                {
                    RAccuracy = curve.Average(p => p.Accuracy),
                    RLargestComponent = MeanOverLevels(group, r => r.LargestComponentFraction),
                }
            );
        }
        return RelativeToDense(rows, groups.Where(g => IsDense(g)).Select(g => g.Key).ToHashSet());
    }

    /// <summary>A model whose sparse layers have every possible link (the density of its level 0 rows is 1).</summary>
    private static bool IsDense(IEnumerable<RobustnessRecord> group) =>
        group.Where(r => r.Level == 0).Select(r => r.SparseDensity).DefaultIfEmpty(double.NaN).First() == 1;

    private static List<RobustnessSummaryRow> RelativeToDense(
        List<RobustnessSummaryRow> rows,
        HashSet<(string Model, string Perturbation)> dense
    )
    {
        var denseMeans = rows.Where(s => dense.Contains((s.Model, s.Perturbation)))
            .GroupBy(s => (s.Dataset, s.Perturbation))
            .ToDictionary(
                g => g.Key,
                g => (Accuracy: g.Average(s => s.RAccuracy), Component: g.Average(s => s.RLargestComponent))
            );
        static double? Ratio(double r, double baseline) => baseline > 0 && !double.IsNaN(r) ? r / baseline : null;
        return rows.Select(s =>
                denseMeans.TryGetValue((s.Dataset, s.Perturbation), out var d)
                    ? s with
                    {
                        RAccuracyRelativeToDense = Ratio(s.RAccuracy, d.Accuracy),
                        RLargestComponentRelativeToDense = Ratio(s.RLargestComponent, d.Component),
                    }
                    : s
            )
            .ToList();
    }

    /// <summary>The mean over levels of the mean over repeats of one column (NaN where it was not recorded).</summary>
    private static double MeanOverLevels(IEnumerable<RobustnessRecord> records, Func<RobustnessRecord, double> value) =>
        records.GroupBy(r => r.Level).Average(g => g.Average(value));

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
