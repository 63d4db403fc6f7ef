using System.Globalization;
using SparseGpu.Cli.Display;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Cli.Verbs;

public sealed class TrainCommand(TrainOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        var request = new TrainingJobRequest
        {
            Overrides = new TrainingOverrides
            {
                Dataset = options.Dataset,
                Hidden = OptionValues.IntList(options.Hidden, "hidden"),
                Density = options.Density is null ? null : Model.Densities.Parse(options.Density, "--density"),
                FanIn = options.FanIn,
                Epochs = options.Epochs,
                BatchSize = options.BatchSize,
                LearningRate = options.LearningRate,
                Momentum = options.Momentum,
                WeightDecay = options.WeightDecay,
                Zeta = options.Zeta,
                UpdateInterval = options.UpdateInterval,
                Regrowth = options.Method,
                Seed = options.Seed,
                TrainLimit = options.TrainLimit,
            },
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
                    $"test accuracy {last.TestAccuracy * 100:F2}% (loss {last.TestLoss:F4}) after {last.Epoch} "
                        + $"epochs; model: {result.Directory.Model}"
                )
            );
        return CliApp.Success;
    }
}
