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
        using var display = new ProgressDisplay(context.Error, options.Quiet, options.ProgressEvery);
        TrainingJobResult result = TrainingJob.Run(request, display, context.Cancel);
        display.Finish();
        if (result.Stop == TrainingStop.Interrupted)
            return CliApp.Interrupted;
        if (result.LastEpoch is { } last)
            context.Output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"test accuracy {last.TestAccuracy * 100:F2}% (loss {last.TestLoss:F4}) after "
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
        return CliApp.Success;
    }
}
