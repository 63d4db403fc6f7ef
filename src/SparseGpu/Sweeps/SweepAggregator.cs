using System.Globalization;
using System.Text;
using SparseGpu.Robustness;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

/// <summary>One data set and method over its seeds: final accuracy and how fast it got there.</summary>
public sealed record AccuracyRow(
    string Dataset,
    string Method,
    int Runs,
    MeanStd FinalAccuracy,
    MeanStd EpochsTo95Percent,
    MeanStd EpochsTo99Percent,
    IReadOnlyList<VariedSetting>? Varied = null
);

/// <summary>One data set, method and perturbation over its models.</summary>
public sealed record RobustnessMethodRow(
    string Dataset,
    string Method,
    string Perturbation,
    int Models,
    MeanStd UnperturbedAccuracy,
    MeanStd AreaUnderCurve,
    MeanStd LevelBelow50Percent,
    int NeverBelow50Percent,
    MeanStd AccuracyAt08,
    IReadOnlyList<VariedSetting>? Varied = null
);

public sealed record SweepAggregate(
    string Directory,
    IReadOnlyList<RunHistory> Runs,
    IReadOnlyList<RobustnessRecord> Robustness,
    IReadOnlyList<AccuracyRow> Accuracy,
    IReadOnlyList<RobustnessSummaryRow> RobustnessSummary,
    IReadOnlyList<RobustnessMethodRow> RobustnessByMethod,
    int IncompleteRuns,
    IReadOnlyList<string> UnreadableRuns,
    VariedSettings? Varied = null
)
{
    /// <summary>The settings the spec varies; tables group by data set, method and these.</summary>
    public VariedSettings VariedSettings => Varied ?? VariedSettings.None;
}

/// <summary>
/// `sparsegpu sweep aggregate`: reads every complete run folder under a sweep directory, whichever machine wrote it,
/// and writes sweep-level tables to aggregate/: metrics.csv (every epoch of every run), accuracy.csv (per data set
/// and method: final test accuracy and the epochs needed to reach 95% and 99% of it), robustness.csv (every
/// evaluation, model = run id), robustness-summary.csv (per run) and robustness-methods.csv (per data set, method
/// and perturbation), plus report.md with the two method tables.
/// </summary>
public static class SweepAggregator
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <remarks>When the directory holds the spec (sweep.json), only its runs count: folders left by an earlier,
    /// different spec are not mixed in.</remarks>
    public static SweepAggregate Aggregate(string sweepDirectory)
    {
        string runsDirectory = Path.Combine(Path.GetFullPath(sweepDirectory), RunLayout.SweepRuns);
        if (!Directory.Exists(runsDirectory))
            throw new SparseGpuException($"{sweepDirectory}: no runs/ folder (not a sweep directory)");
        string specCopy = Path.Combine(sweepDirectory, SweepSpecCopy.FileName);
        IReadOnlyList<RunPlan>? plan = File.Exists(specCopy) ? SweepPlan.Expand(SweepSpec.Read(specCopy)) : null;
        HashSet<string>? planned = plan?.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        VariedSettings varied = plan is null ? VariedSettings.None : VariedSettings.Of(plan);
        var complete = new List<string>();
        int incomplete = 0;
        foreach (string folder in Directory.GetDirectories(runsDirectory).Order(StringComparer.Ordinal))
        {
            if (planned is not null && !planned.Contains(Path.GetFileName(folder)))
                continue;
            if (File.Exists(Path.Combine(folder, RunLayout.CompleteMarker)))
                complete.Add(folder);
            else
                incomplete++;
        }
        if (complete.Count == 0)
            throw new SparseGpuException($"{sweepDirectory}: no complete runs to aggregate ({incomplete} incomplete)");

        // A damaged run folder costs that run only: it is listed, and the tables cover the others.
        var runs = new List<RunHistory>();
        var robustness = new List<RobustnessRecord>();
        var unreadable = new List<string>();
        foreach (string folder in complete)
        {
            try
            {
                RunHistory history = RunHistory.Read(folder);
                string csv = Path.Combine(folder, RunLayout.RunRobustness, RunLayout.RobustnessRecords);
                List<RobustnessRecord> rows = File.Exists(csv) ? RobustnessCsv.Read(csv) : [];
                runs.Add(history);
                robustness.AddRange(rows.Select(r => r with { Model = Path.GetFileName(folder) }));
            }
            catch (Exception e) when (e is SparseGpuException or IOException or UnauthorizedAccessException)
            {
                unreadable.Add($"{folder}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
        if (runs.Count == 0)
            throw new SparseGpuException(
                $"{sweepDirectory}: none of the {complete.Count} complete runs can be read; "
                    + $"the first: {unreadable[0]}"
            );
        var summary = Robustness.RobustnessSummary.Compute(robustness);
        var result = new SweepAggregate(
            Path.Combine(Path.GetFullPath(sweepDirectory), RunLayout.SweepAggregate),
            runs,
            robustness,
            AccuracyTable(runs, varied),
            summary,
            RobustnessTable(summary, varied),
            incomplete,
            unreadable,
            varied
        );
        Write(result);
        return result;
    }

    private static List<AccuracyRow> AccuracyTable(IEnumerable<RunHistory> runs, VariedSettings varied) =>
        runs.GroupBy(r => (r.Dataset, r.Method, Setting: VariedSettings.Key(varied.Of(r.Name))))
            .OrderBy(g => varied.Rank(varied.Of(g.First().Name)))
            .Select(g =>
            {
                double EpochsTo(RunHistory run, double fraction)
                {
                    double final = run.Epochs[^1].TestAccuracy;
                    return run.Epochs.First(e => e.TestAccuracy >= fraction * final).Epoch;
                }
                return new AccuracyRow(
                    g.Key.Dataset,
                    g.Key.Method,
                    g.Count(),
                    MeanStd.Of(g.Select(r => r.Epochs[^1].TestAccuracy)),
                    MeanStd.Of(g.Select(r => EpochsTo(r, 0.95))),
                    MeanStd.Of(g.Select(r => EpochsTo(r, 0.99))),
                    varied.Of(g.First().Name)
                );
            })
            .ToList();

    private static List<RobustnessMethodRow> RobustnessTable(
        IEnumerable<RobustnessSummaryRow> summary,
        VariedSettings varied
    ) =>
        summary
            .GroupBy(s => (s.Dataset, s.Method, s.Perturbation, Setting: VariedSettings.Key(varied.Of(s.Model))))
            .OrderBy(g => varied.Rank(varied.Of(g.First().Model)))
            .Select(g => new RobustnessMethodRow(
                g.Key.Dataset,
                g.Key.Method,
                g.Key.Perturbation,
                g.Count(),
                MeanStd.Of(g.Select(s => s.UnperturbedAccuracy)),
                MeanStd.Of(g.Select(s => s.AreaUnderCurve)),
                MeanStd.Of(g.Where(s => s.LevelBelow50Percent is not null).Select(s => s.LevelBelow50Percent!.Value)),
                g.Count(s => s.LevelBelow50Percent is null),
                MeanStd.Of(g.Where(s => s.AccuracyAt08 is not null).Select(s => s.AccuracyAt08!.Value)),
                varied.Of(g.First().Model)
            ))
            .ToList();

    private static void Write(SweepAggregate a)
    {
        AggregateOutputs.Clear(a.Directory);
        Directory.CreateDirectory(a.Directory);
        CsvWriter.WriteFile(
            Path.Combine(a.Directory, "metrics.csv"),
            ["run", "dataset", "method", "seed", "epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy"],
            table =>
            {
                foreach (RunHistory run in a.Runs)
                foreach (EpochRecord e in run.Epochs)
                    table.Row(
                        run.Name,
                        run.Dataset,
                        run.Method,
                        run.Seed,
                        e.Epoch,
                        CsvCell.Exact(e.TrainLoss),
                        CsvCell.Exact(e.TrainAccuracy),
                        CsvCell.Exact(e.TestLoss),
                        CsvCell.Exact(e.TestAccuracy)
                    );
            }
        );

        IEnumerable<CsvCell> Varied(IReadOnlyList<VariedSetting>? v) =>
            a.VariedSettings.Values(v ?? []).Select(value => (CsvCell)value);
        static IEnumerable<CsvCell> Rounded(MeanStd m) => [CsvCell.Rounded(m.Mean), CsvCell.Rounded(m.Std)];
        CsvWriter.WriteFile(
            Path.Combine(a.Directory, "accuracy.csv"),
            [
                "dataset",
                "method",
                .. a.VariedSettings.Names,
                "runs",
                "final_test_accuracy_mean",
                "final_test_accuracy_std",
                "epochs_to_95pct_mean",
                "epochs_to_95pct_std",
                "epochs_to_99pct_mean",
                "epochs_to_99pct_std",
            ],
            table =>
            {
                foreach (AccuracyRow r in a.Accuracy)
                    table.Row([
                        r.Dataset,
                        r.Method,
                        .. Varied(r.Varied),
                        r.Runs,
                        .. Rounded(r.FinalAccuracy),
                        .. Rounded(r.EpochsTo95Percent),
                        .. Rounded(r.EpochsTo99Percent),
                    ]);
            }
        );

        if (a.Robustness.Count > 0)
        {
            RobustnessCsv.Write(Path.Combine(a.Directory, "robustness.csv"), a.Robustness);
            RobustnessCsv.WriteSummary(Path.Combine(a.Directory, "robustness-summary.csv"), a.RobustnessSummary);
            CsvWriter.WriteFile(
                Path.Combine(a.Directory, "robustness-methods.csv"),
                [
                    "dataset",
                    "method",
                    .. a.VariedSettings.Names,
                    "perturbation",
                    "models",
                    "unperturbed_accuracy_mean",
                    "unperturbed_accuracy_std",
                    "auc_mean",
                    "auc_std",
                    "level_below_50pct_mean",
                    "level_below_50pct_std",
                    "never_below_50pct",
                    "accuracy_at_0.8_mean",
                    "accuracy_at_0.8_std",
                ],
                table =>
                {
                    foreach (RobustnessMethodRow r in a.RobustnessByMethod)
                        table.Row([
                            r.Dataset,
                            r.Method,
                            .. Varied(r.Varied),
                            r.Perturbation,
                            r.Models,
                            .. Rounded(r.UnperturbedAccuracy),
                            .. Rounded(r.AreaUnderCurve),
                            .. Rounded(r.LevelBelow50Percent),
                            r.NeverBelow50Percent,
                            .. Rounded(r.AccuracyAt08),
                        ]);
                }
            );
        }
        AtomicFile.WriteAllText(Path.Combine(a.Directory, "report.md"), Report(a));
    }

    /// <summary>The method tables in Markdown, percentages with two decimals.</summary>
    public static string Report(SweepAggregate a)
    {
        string P(MeanStd m) => m.Count == 0 ? "–" : string.Create(Invariant, $"{100 * m.Mean:F2} ± {100 * m.Std:F2}");
        string E(MeanStd m) => m.Count == 0 ? "–" : string.Create(Invariant, $"{m.Mean:0.#} ± {m.Std:0.#}");
        string L(MeanStd m, int never) =>
            (m.Count == 0 ? "never" : string.Create(Invariant, $"{m.Mean:0.###} ± {m.Std:0.###}"))
            + (never > 0 && m.Count > 0 ? $" ({never} never)" : "");
        var text = new StringBuilder();
        IReadOnlyList<string> names = a.VariedSettings.Names;
        string variedHeader = string.Concat(names.Select(n => $" {n} |"));
        string variedRule = string.Concat(names.Select(_ => "---|"));
        string Varied(IReadOnlyList<VariedSetting>? v) =>
            string.Concat(a.VariedSettings.Values(v ?? []).Select(value => $" {value} |"));
        text.Append(
            "| data set | method |"
                + variedHeader
                + " runs | final test accuracy (%) | epochs to 95% of final | epochs to 99% of final |\n|---|---|"
                + variedRule
                + "---|---|---|---|\n"
        );
        foreach (AccuracyRow r in a.Accuracy)
            text.Append(
                $"| {r.Dataset} | {r.Method} |{Varied(r.Varied)} {r.Runs} | {P(r.FinalAccuracy)} | "
                    + $"{E(r.EpochsTo95Percent)} | {E(r.EpochsTo99Percent)} |\n"
            );
        if (a.RobustnessByMethod.Count > 0)
        {
            text.Append(
                "\n| data set | method |"
                    + variedHeader
                    + " perturbation | models | AUC (%) | level halving accuracy | accuracy at level 0.8 (%) "
                    + "|\n|---|---|"
                    + variedRule
                    + "---|---|---|---|---|\n"
            );
            foreach (RobustnessMethodRow r in a.RobustnessByMethod)
                text.Append(
                    $"| {r.Dataset} | {r.Method} |{Varied(r.Varied)} {r.Perturbation} | {r.Models} | "
                        + $"{P(r.AreaUnderCurve)} | {L(r.LevelBelow50Percent, r.NeverBelow50Percent)} | "
                        + $"{P(r.AccuracyAt08)} |\n"
                );
        }
        if (a.IncompleteRuns > 0)
            text.Append($"\n{a.IncompleteRuns} run(s) of the sweep are not complete and were left out.\n");
        return text.ToString();
    }
}
