using System.Globalization;
using SparseGpu.Cli.Display;
using SparseGpu.Jobs;
using SparseGpu.Plotting;
using SparseGpu.Robustness;
using SparseGpu.Robustness.Compensation;

namespace SparseGpu.Cli.Verbs;

public sealed class RobustnessCommand(RobustnessOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        if (!options.NoPlots)
            options.Figure.Validate();
        var request = new RobustnessRequest
        {
            Models = options.Models.ToList(),
            Dataset = options.Dataset,
            Perturbations = options.Perturbations,
            Levels = options.Levels,
            Epsilons = options.Epsilons,
            Repeats = options.Repeats,
            Scope = options.Scope.ToLowerInvariant() switch
            {
                "sparse" => PerturbationScope.Sparse,
                "all" => PerturbationScope.All,
                _ => throw new InvalidSettingException($"--scope '{options.Scope}' is not valid; valid: sparse, all"),
            },
            NeuronScope = PerturbationSwitches.ParseNeuronScope(options.NeuronScope),
            Order = PerturbationSwitches.ParseOrder(options.Order),
            Relative = options.Relative,
            Layers = options.Layers is null ? null : OptionValues.IntList(options.Layers, "layers"),
            Seed = options.Seed,
            Device = options.Device,
            Threads = options.Threads,
            DataDirectory = options.DataDir,
            AllowDownload = !options.NoDownload,
            OutDirectory = options.Out,
            Measures = NetworkMeasureSets.Parse(options.Measures),
            Compensation = new CompensationSettings
            {
                PruneDead = options.PruneDead,
                Rescale = options.Rescale,
                CalibrationImages = options.CalibrationImages,
                FinetuneSteps = options.FinetuneSteps,
                FinetuneEpochs = options.FinetuneEpochs,
            },
        };
        using var display = new ProgressDisplay(context.Error, options.Quiet, options.ProgressEvery);
        RobustnessResult result = RobustnessJob.Run(request, display, display.Robustness, context.Cancel);
        display.Finish();
        display.Notice($"{Timing(result)}; wrote {result.RecordsFile} and {result.SummaryFile}");
        if (!options.NoPlots)
        {
            // With the settings of robustness.json.
            RobustnessInputs written = RobustnessInputs.Read([result.RecordsFile]);
            var figures = RobustnessFigures
                .Render(written.Records, result.OutDirectory, options.Figure, written.Settings)
                .ToList();
            figures.AddRange(
                PercolationFigure.Render(result.Records, result.SparseLayers, result.OutDirectory, options.Figure)
            );
            foreach (string stale in RobustnessFigures.RemoveStale(result.OutDirectory, figures))
                display.Notice($"removed {Path.GetFileName(stale)}, left by an earlier sweep's figures");
            display.Notice($"figures: {string.Join(", ", figures.Select(Path.GetFileName))}");
        }
        WriteSummary(context.Output, result.Summary);
        return CliApp.Success;
    }

    internal static void WriteSummary(TextWriter output, IEnumerable<RobustnessSummaryRow> rows)
    {
        static string Level(double? level) => level is { } l ? l.ToString("0.###", CultureInfo.InvariantCulture) : "-";
        static string Percent(double? value) =>
            value is { } v ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-";
        output.WriteLine(
            $"{"model", -40} {"method", -7} {"perturbation", -21} {"acc", 7} {"auc", 7} {"<90%", 6} {"<50%", 6} "
                + $"{"acc@0.8", 8}"
        );
        foreach (RobustnessSummaryRow s in rows)
        {
            string model = s.Model.Length > 40 ? "…" + s.Model[^39..] : s.Model;
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{model, -40} {s.Method, -7} {s.Perturbation, -21} {100 * s.UnperturbedAccuracy, 6:F2}% "
                        + $"{100 * s.AreaUnderCurve, 6:F2}% {Level(s.LevelBelow90Percent), 6} "
                        + $"{Level(s.LevelBelow50Percent), 6} "
                        + $"{Percent(s.AccuracyAt08), 8}"
                )
            );
        }
    }

    /// <summary>How long the sweep took: this run's time, and for a continued sweep the whole sweep's.</summary>
    private static string Timing(RobustnessResult r)
    {
        var c = CultureInfo.InvariantCulture;
        if (r.KeptRecords == 0)
            return string.Create(c, $"{r.Records.Count} evaluations in {r.Seconds:F1} s on {r.Device}");
        string untimed = r.UntimedBlocks > 0 ? $", not counting {r.UntimedBlocks} untimed blocks" : "";
        return string.Create(
            c,
            $"{r.Records.Count} evaluations, {r.KeptRecords} kept from earlier runs; this run {r.Seconds:F1} s on "
                + $"{r.Device}, the whole sweep {r.SweepSeconds:F1} s over every run{untimed}"
        );
    }
}
