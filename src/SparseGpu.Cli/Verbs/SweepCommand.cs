using System.Globalization;
using SparseGpu.Cli.Display;
using SparseGpu.Jobs;
using SparseGpu.Plotting;
using SparseGpu.Sweeps;

namespace SparseGpu.Cli.Verbs;

public sealed class SweepCommand(SweepOptions options) : ICommand
{
    public int Execute(CommandContext context) =>
        options.Action.ToLowerInvariant() switch
        {
            "run" => Run(context),
            "status" => Status(context),
            "aggregate" => Aggregate(context),
            "report" => Report(context),
            _ => throw new InvalidSettingException(
                $"sweep action '{options.Action}' is not valid; valid: run, status, aggregate, report"
            ),
        };

    private int Run(CommandContext context)
    {
        var request = new SweepRequest
        {
            Spec = options.Spec ?? throw new InvalidSettingException("sweep run needs --spec FILE.json"),
            OutDirectory = options.Out,
            Jobs = options.Jobs,
            Pack = options.Pack,
            Shard = options.Shard,
            CommandLine = context.CommandLine,
            Device = options.Device,
            Threads = options.Threads,
            DataDirectory = options.DataDir,
            AllowDownload = !options.NoDownload,
            Force = options.Force,
        };
        if (options.DryRun)
        {
            var (_, runs) = SweepRunner.DryRun(request, context.Error.WriteLine);
            var states = runs.Select(r => new RunFolder(Path.GetFullPath(options.Out), r).Status()).ToList();
            // The settings that the spec's `training` lists vary, one column each.
            var varied = runs.Count == 0 ? [] : runs[0].VariedSettings.Select(v => v.Name).ToList();
            string VariedColumns(IEnumerable<string> values) =>
                string.Concat(values.Zip(varied, (value, name) => $" {value.PadRight(Math.Max(name.Length, 8))}"));
            context.Output.WriteLine(
                $"{"#", 4}  {"run id", -44} {"data set", -15} {"method", -6} {"seed", 5}{VariedColumns(varied)}  state"
            );
            foreach (RunStatus s in states)
                context.Output.WriteLine(
                    $"{s.Run.Index, 4}  {s.Run.Id, -44} {s.Run.Dataset, -15} {s.Run.Method, -6} "
                        + $"{s.Run.Seed, 5}{VariedColumns(s.Run.VariedSettings.Select(v => v.Value))}  "
                        + s.State.ToString().ToLowerInvariant()
                );
            context.Output.WriteLine($"{runs.Count} runs{(options.Shard is null ? "" : $" in shard {options.Shard}")}");
            return CliApp.Success;
        }
        using var reporter = new SweepReporter(context.Error, options.ProgressEvery);
        IReadOnlyList<RunOutcome> outcomes = SweepRunner.Run(request, reporter, context.Cancel);
        var counts = outcomes.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Count());
        int Count(RunOutcomeKind kind) => counts.GetValueOrDefault(kind);
        context.Output.WriteLine(
            $"{Count(RunOutcomeKind.Completed)} completed, {Count(RunOutcomeKind.Skipped)} already complete, "
                + $"{Count(RunOutcomeKind.Failed)} failed, {Count(RunOutcomeKind.Interrupted)} interrupted, "
                + $"{Count(RunOutcomeKind.Busy)} running elsewhere"
        );
        if (Count(RunOutcomeKind.Interrupted) > 0 && context.Cancel.IsCancellationRequested)
            return CliApp.Interrupted;
        if (Count(RunOutcomeKind.Failed) > 0)
            throw new SparseGpuException(
                $"{Count(RunOutcomeKind.Failed)} of {outcomes.Count} runs failed; `sparsegpu sweep status --out "
                    + $"{options.Out}` lists them"
            );
        return CliApp.Success;
    }

    private int Status(CommandContext context)
    {
        IReadOnlyList<RunStatus> states = SweepRunner.Status(options.Out, options.Spec);
        foreach (RunStatus s in states)
            context.Output.WriteLine($"{s.State.ToString().ToLowerInvariant(), -8} {s.Run.Id, -44} {s.Detail}");
        var counts = states.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count());
        context.Output.WriteLine(
            $"done {counts.GetValueOrDefault(RunState.Done)}, running {counts.GetValueOrDefault(RunState.Running)}, "
                + $"failed {counts.GetValueOrDefault(RunState.Failed)}, pending "
                + $"{counts.GetValueOrDefault(RunState.Pending)} (of {states.Count})"
        );
        return CliApp.Success;
    }

    /// <summary>Aggregates (tables and figures), then writes aggregate/report.html from them.</summary>
    private int Report(CommandContext context)
    {
        SweepAggregate aggregate = Aggregated(context);
        string page = SweepReport.Write(options.Out, aggregate, options.Claims, options.Verdicts);
        context.Output.WriteLine(page);
        return RefuseUnreadable(context, aggregate);
    }

    private int Aggregate(CommandContext context)
    {
        SweepAggregate aggregate = Aggregated(context);
        context.Output.Write(SweepAggregator.Report(aggregate));
        return RefuseUnreadable(context, aggregate);
    }

    /// <summary>Complete runs that could not be read are listed, and make the command fail after writing the
    /// others' tables: an aggregate that silently left runs out would look complete.</summary>
    private static int RefuseUnreadable(CommandContext context, SweepAggregate aggregate)
    {
        foreach (string unreadable in aggregate.UnreadableRuns)
            context.Error.WriteLine($"skipped {unreadable}");
        if (aggregate.UnreadableRuns.Count == 0)
            return CliApp.Success;
        int complete = aggregate.UnreadableRuns.Count + aggregate.Runs.Count;
        throw new SparseGpuException(
            $"{aggregate.UnreadableRuns.Count} of {complete} complete runs could not be "
                + $"read (listed above); the tables cover the other {aggregate.Runs.Count}"
        );
    }

    private SweepAggregate Aggregated(CommandContext context)
    {
        options.Figure.Validate();
        SweepAggregate aggregate = SweepAggregator.Aggregate(options.Out);
        string runFolders = Path.Combine(Path.GetFullPath(options.Out), Runs.RunLayout.SweepRuns);
        var structure = StructureAggregate.Write(
            aggregate.Directory,
            aggregate.Runs.Select(r => Path.Combine(runFolders, r.Name))
        );
        foreach (var dataset in structure.GroupBy(m => m.Dataset))
            StructureFigures.Render(
                dataset.ToList(),
                [],
                Path.Combine(aggregate.Directory, $"structure-{dataset.Key}"),
                options.Figure
            );
        VariedSettings varied = aggregate.VariedSettings;
        // One set of curves per data set and combination of varied settings: runs trained differently are never
        // averaged into one curve.
        foreach (var group in aggregate.Runs.GroupBy(r => (r.Dataset, Setting: VariedSettings.Key(varied.Of(r.Name)))))
        {
            string name = group.Key.Dataset + VariedSettings.FileSuffix(varied.Of(group.First().Name));
            TrainingFigures.Render(
                group.ToList(),
                Path.Combine(aggregate.Directory, $"training-{name}.png"),
                options.Figure with
                {
                    Width = Math.Max(options.Width, 1400),
                    Height = Math.Max(options.Height, 500),
                }
            );
            var runs = group.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            var records = aggregate.Robustness.Where(r => runs.Contains(r.Model)).ToList();
            if (records.Count > 0)
                RobustnessFigures.Render(
                    records,
                    Path.Combine(aggregate.Directory, $"robustness-{name}"),
                    options.Figure
                );
        }
        if (varied.Names.Count > 0)
        {
            IReadOnlyList<SettingMeasure> measures = SettingMeasures.Of(aggregate);
            SettingMeasures.WriteCsv(
                Path.Combine(aggregate.Directory, SettingMeasures.CsvFile),
                varied.Names,
                measures
            );
            SettingFigures.Render(measures, varied, aggregate.Directory, options.Figure);
            var tradeoff = TradeoffFigure.Render(measures, varied, aggregate.Directory, options.Figure);
            foreach (string notice in tradeoff.Notices)
                context.Error.WriteLine(notice);
        }
        context.Error.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"aggregated {aggregate.Runs.Count} runs and {aggregate.Robustness.Count} robustness evaluations "
                    + $"into {aggregate.Directory}"
            )
        );
        return aggregate;
    }

    /// <summary>One line per run start and end on stderr, and a progress bar over the runs with an ETA.</summary>
    private sealed class SweepReporter(TextWriter error, double? logSeconds) : ISweepReporter, IDisposable
    {
        private readonly object _gate = new();
        private readonly ProgressDisplay _progress = new(error, quiet: false, logSeconds);
        private int _finished;

        public void Notice(string message) => Write(message);

        public void RunStarted(RunPlan run, int position, int total) =>
            Write($"[{position}/{total}] {run.Id}: started");

        public void RunFinished(RunOutcome o, int position, int total)
        {
            Write(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"[{position}/{total}] {o.Run.Id}: {o.Kind.ToString().ToLowerInvariant()} "
                        + $"({o.Message}){(o.Seconds > 0 ? $", {o.Seconds:F1} s" : "")}"
                )
            );
            lock (_gate)
                _progress.Runs(++_finished, total);
        }

        public void Dispose() => _progress.Dispose();

        private void Write(string line)
        {
            lock (_gate)
                _progress.Notice(line);
        }
    }
}
