using System.Globalization;
using SparseGpu.Cli.Display;
using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Cli.Verbs;

public sealed class TrainCommand(TrainOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        var request = new TrainingJobRequest
        {
            Overrides = options.Settings.ToOverrides(),
            OutDirectory = options.Out,
            ResumeFrom = options.Resume,
            Device = options.Device,
            Threads = options.Threads,
            CheckpointEvery = options.CheckpointEvery,
            SnapshotEvery = options.SnapshotEvery,
            DataDirectory = options.DataDir,
            AllowDownload = !options.NoDownload,
            CommandLine = context.CommandLine,
        };
        if (options.Seeds is not null)
            return TrainSeeds(context, request);
        using var display = new ProgressDisplay(context.Error, options.Quiet, options.ProgressEvery);
        TrainingJobResult result = TrainingJob.Run(request, display, context.Cancel);
        display.Finish();
        if (result.Stop == TrainingStop.Interrupted)
            return CliApp.Interrupted;
        WriteResult(context, "", result);
        return CliApp.Success;
    }

    /// <summary>--seeds: one run per seed, packed where the device gains from it.</summary>
    private int TrainSeeds(CommandContext context, TrainingJobRequest request)
    {
        ulong[] seeds = ParseSeeds(options.Seeds!);
        if (request.Overrides[TrainingSettingCatalog.Seed] is not null)
            throw new InvalidSettingException("seeds", " and --seed exclude each other: give the seeds in --seeds");
        if (options.Resume is not null)
            throw new InvalidSettingException(
                "seeds",
                " starts new runs; resume each run with --resume (a sweep resumes packed runs together)"
            );
        TrainingJobRequest[] requests = seeds
            .Select(seed =>
                request with
                {
                    Overrides = request.Overrides.With(TrainingSettingCatalog.Seed, seed),
                    OutDirectory = options.Out is null ? null : Path.Combine(options.Out, $"seed-{seed}"),
                }
            )
            .ToArray();
        using var display = new ProgressDisplay(context.Error, options.Quiet, options.ProgressEvery);
        IReadOnlyList<PackedRunOutcome> outcomes = PackedTrainingJob.Run(requests, display, context.Cancel);
        display.Finish();
        int failed = 0;
        bool interrupted = false;
        for (int i = 0; i < seeds.Length; i++)
        {
            if (outcomes[i].Error is OperationCanceledException)
                interrupted = true;
            else if (outcomes[i].Error is { } error)
            {
                failed++;
                context.Error.WriteLine($"error: seed {seeds[i]}: {error.Message.ReplaceLineEndings(" ")}");
            }
            else if (outcomes[i].Result is { } result)
            {
                interrupted |= result.Stop == TrainingStop.Interrupted;
                if (result.Stop == TrainingStop.Completed)
                    WriteResult(context, $"seed {seeds[i]}: ", result);
            }
        }
        if (failed > 0)
            return CliApp.Failure;
        return interrupted ? CliApp.Interrupted : CliApp.Success;
    }

    private static ulong[] ParseSeeds(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var seeds = new ulong[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out seeds[i]))
                throw new InvalidSettingException(
                    "seeds",
                    $" must be comma-separated non-negative integers, got '{text}'"
                );
        if (seeds.Distinct().Count() != seeds.Length)
            throw new InvalidSettingException("seeds", $" names a seed twice: '{text}'");
        return seeds;
    }

    private static void WriteResult(CommandContext context, string prefix, TrainingJobResult result)
    {
        if (result.LastEpoch is { } last)
            context.Output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{prefix}test accuracy {last.TestAccuracy * 100:F2}% (loss {last.TestLoss:F4}) after "
                        + $"{Counted.Of(last.Epoch, "epoch")}; model: {result.Directory.Model}"
                )
            );
        if (result.LastEpoch is { } final && result.Best is { } best)
            context.Output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"validation: final model (epoch {final.Epoch}) validation {final.ValidationAccuracy * 100:F2}% "
                        + $"test {final.TestAccuracy * 100:F2}%; best model (epoch {best.Epoch}) validation "
                        + $"{best.ValidationAccuracy * 100:F2}% test {best.TestAccuracy * 100:F2}%: "
                        + $"{result.Directory.Best}"
                )
            );
    }
}
