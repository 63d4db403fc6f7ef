using SparseGpu.Robustness;

namespace SparseGpu.Sweeps;

/// <summary>One number of one run, for comparing the values of a varied setting.</summary>
public sealed record SettingMeasure(
    string Dataset,
    string Method,
    IReadOnlyList<VariedSetting> Varied,
    string Run,
    string Measure,
    string Title,
    double Value
);

/// <summary>
/// The per-run numbers that a sweep with varied settings is read by: final test accuracy and, per perturbation,
/// the robustness AUC and the accuracy left at level 0.8. Figures draw each against a varied setting, one line per
/// method (and per value of the other varied settings); measures-by-setting.csv holds the same numbers.
/// </summary>
public static class SettingMeasures
{
    public const string CsvFile = "measures-by-setting.csv";

    public static IReadOnlyList<SettingMeasure> Of(SweepAggregate a)
    {
        VariedSettings varied = a.VariedSettings;
        var measures = a
            .Runs.Select(run => new SettingMeasure(
                run.Dataset,
                run.Method,
                varied.Of(run.Name),
                run.Name,
                "final-accuracy",
                "final test accuracy (%)",
                100 * run.Epochs[^1].TestAccuracy
            ))
            .ToList();
        foreach (RobustnessSummaryRow row in a.RobustnessSummary)
        {
            measures.Add(
                new SettingMeasure(
                    row.Dataset,
                    row.Method,
                    varied.Of(row.Model),
                    row.Model,
                    $"auc-{row.Perturbation}",
                    $"robustness AUC, {row.Perturbation} (%)",
                    100 * row.AreaUnderCurve
                )
            );
            if (row.AccuracyAt08 is { } at08)
                measures.Add(
                    new SettingMeasure(
                        row.Dataset,
                        row.Method,
                        varied.Of(row.Model),
                        row.Model,
                        $"accuracy-at-0.8-{row.Perturbation}",
                        $"accuracy at level 0.8, {row.Perturbation} (%)",
                        100 * at08
                    )
                );
        }
        return measures;
    }

    public static void WriteCsv(string path, IReadOnlyList<string> variedNames, IEnumerable<SettingMeasure> measures) =>
        CsvWriter.WriteFile(
            path,
            ["dataset", "method", .. variedNames, "run", "measure", "value"],
            table =>
            {
                foreach (SettingMeasure m in measures)
                    table.Row([
                        m.Dataset,
                        m.Method,
                        .. variedNames.Select(n => (CsvCell)(m.Varied.FirstOrDefault(v => v.Name == n)?.Value ?? "")),
                        m.Run,
                        m.Measure,
                        CsvCell.Exact(m.Value),
                    ]);
            }
        );
}
