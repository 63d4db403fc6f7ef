using System.Globalization;
using SparseGpu.Plotting;
using SparseGpu.Sweeps;

namespace SparseGpu.Cli.Verbs;

public sealed class SweepCommand(SweepOptions options) : ICommand
{
    public int Execute(CommandContext context) => options.Action.ToLowerInvariant() switch
    {
        "run" => Run(context),
        "status" => Status(context),
        "aggregate" => Aggregate(context),
        _ => throw new SparseGpuException($"sweep action '{options.Action}' is not valid; valid: run, status, aggregate"),
    };

    private int Run(CommandContext context)
    {
        var request = new SweepRequest
        {
            Spec = options.Spec ?? throw new SparseGpuException("sweep run needs --spec FILE.json"),
            OutDirectory = options.Out,
            Jobs = options.Jobs,
            Shard = options.Shard,
            Device = options.Device,
            Threads = options.Threads,
            DataDirectory = options.DataDir,
            AllowDownload = !options.NoDownload,
        };
        if (options.DryRun)
        {
            var (_, runs) = SweepRunner.Plan(request);
            var states = runs.Select(r => new RunFolder(Path.GetFullPath(options.Out), r).Status()).ToList();
            context.Output.WriteLine($"{"#",4}  {"run id",-44} {"data set",-15} {"method",-6} {"seed",5}  state");
            foreach (RunStatus s in states)
                context.Output.WriteLine($"{s.Run.Index,4}  {s.Run.Id,-44} {s.Run.Dataset,-15} {s.Run.Method,-6} {s.Run.Seed,5}  {s.State.ToString().ToLowerInvariant()}");
            context.Output.WriteLine($"{runs.Count} runs{(options.Shard is null ? "" : $" in shard {options.Shard}")}");
            return CliApp.Success;
        }
        var reporter = new SweepReporter(context.Error);
        IReadOnlyList<RunOutcome> outcomes = SweepRunner.Run(request, reporter, context.Cancel);
        var counts = outcomes.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Count());
        int Count(RunOutcomeKind kind) => counts.GetValueOrDefault(kind);
        context.Output.WriteLine($"{Count(RunOutcomeKind.Completed)} completed, {Count(RunOutcomeKind.Skipped)} already complete, " +
            $"{Count(RunOutcomeKind.Failed)} failed, {Count(RunOutcomeKind.Interrupted)} interrupted, {Count(RunOutcomeKind.Busy)} running elsewhere");
        if (Count(RunOutcomeKind.Interrupted) > 0 && context.Cancel.IsCancellationRequested) return CliApp.Interrupted;
        if (Count(RunOutcomeKind.Failed) > 0)
            throw new SparseGpuException($"{Count(RunOutcomeKind.Failed)} of {outcomes.Count} runs failed; `sparsegpu sweep status --out {options.Out}` lists them");
        return CliApp.Success;
    }

    private int Status(CommandContext context)
    {
        IReadOnlyList<RunStatus> states = SweepRunner.Status(options.Out, options.Spec);
        foreach (RunStatus s in states)
            context.Output.WriteLine($"{s.State.ToString().ToLowerInvariant(),-8} {s.Run.Id,-44} {s.Detail}");
        var counts = states.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count());
        context.Output.WriteLine($"done {counts.GetValueOrDefault(RunState.Done)}, running {counts.GetValueOrDefault(RunState.Running)}, " +
            $"failed {counts.GetValueOrDefault(RunState.Failed)}, pending {counts.GetValueOrDefault(RunState.Pending)} (of {states.Count})");
        return CliApp.Success;
    }

    private int Aggregate(CommandContext context)
    {
        options.Figure.Validate();
        SweepAggregate aggregate = SweepAggregator.Aggregate(options.Out);
        string runs = Path.Combine(Path.GetFullPath(options.Out), "runs");
        var structure = StructureAggregate.Write(aggregate.Directory, aggregate.Runs.Select(r => Path.Combine(runs, r.Name)));
        foreach (var dataset in structure.GroupBy(m => m.Dataset))
            StructureFigures.Render(dataset.ToList(), [], Path.Combine(aggregate.Directory, $"structure-{dataset.Key}"), options.Figure);
        foreach (var dataset in aggregate.Runs.GroupBy(r => r.Dataset))
        {
            TrainingFigures.Render(dataset.ToList(), Path.Combine(aggregate.Directory, $"training-{dataset.Key}.png"),
                options.Figure with { Width = Math.Max(options.Width, 1400), Height = Math.Max(options.Height, 500) });
            var records = aggregate.Robustness.Where(r => r.Dataset == dataset.Key).ToList();
            if (records.Count > 0) RobustnessFigures.Render(records, Path.Combine(aggregate.Directory, $"robustness-{dataset.Key}"), options.Figure);
        }
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"aggregated {aggregate.Runs.Count} runs and {aggregate.Robustness.Count} robustness evaluations into {aggregate.Directory}"));
        context.Output.Write(SweepAggregator.Report(aggregate));
        return CliApp.Success;
    }

    /// <summary>One line per run start and end on stderr.</summary>
    private sealed class SweepReporter(TextWriter error) : ISweepReporter
    {
        private readonly object _gate = new();

        public void Notice(string message) => Write(message);

        public void RunStarted(RunPlan run, int position, int total) => Write($"[{position}/{total}] {run.Id}: started");

        public void RunFinished(RunOutcome o, int position, int total) =>
            Write(string.Create(CultureInfo.InvariantCulture, $"[{position}/{total}] {o.Run.Id}: {o.Kind.ToString().ToLowerInvariant()} ({o.Message}){(o.Seconds > 0 ? $", {o.Seconds:F1} s" : "")}"));

        private void Write(string line)
        {
            lock (_gate) error.WriteLine(line);
        }
    }
}
