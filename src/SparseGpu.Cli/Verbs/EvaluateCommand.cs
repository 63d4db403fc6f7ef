using System.Globalization;
using SparseGpu.Cli.Display;
using SparseGpu.Evaluation;
using SparseGpu.Jobs;
using SparseGpu.Plotting;

namespace SparseGpu.Cli.Verbs;

public sealed class EvaluateCommand(EvaluateOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        bool perClass = options.PerClass || options.Out is not null;
        // Before the evaluation, so a folder that is not the evaluation's costs no time.
        if (options.Out is not null)
            EvaluationFiles.RequireOwnDirectory(options.Out);
        using var display = new ProgressDisplay(context.Error, quiet: options.Json, options.ProgressEvery);
        EvaluationReport report = EvaluationJob.Run(
            new EvaluationRequest(
                options.Model,
                options.Dataset,
                options.Device,
                options.DataDir,
                !options.NoDownload,
                PerClass: perClass
            ),
            display
        );
        if (options.Json)
            context.Output.WriteLine(EvaluationJson.Serialize(report));
        else
        {
            context.Output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"test loss {report.Result.Loss:F4}  accuracy {report.Result.Accuracy * 100:F2}% "
                        + $"({report.Result.Correct}/{report.Result.Count} {report.Dataset} test images; model "
                        + $"after {Counted.Of(report.CompletedEpochs, "epoch")}"
                        + $"{(report.MidEpoch ? " and part of the next" : "")})"
                )
            );
            if (report.ByClass is { } byClass)
                PerClassTable.Write(context.Output, byClass);
        }
        if (options.Out is not null)
            WriteFiles(options.Out, report, context);
        return CliApp.Success;
    }

    private void WriteFiles(string directory, EvaluationReport report, CommandContext context)
    {
        ClassReport byClass = report.ByClass!;
        var files = EvaluationFiles.Write(directory, report).ToList();
        if (!options.NoPlots)
        {
            string epochs = report.CompletedEpochs == 1 ? "epoch" : "epochs";
            string title = string.Create(
                CultureInfo.InvariantCulture,
                $"{report.Dataset} test set: {report.Result.Accuracy * 100:F2}% correct ({report.Result.Correct} of "
                    + $"{report.Result.Count} images), model after {report.CompletedEpochs} {epochs}"
            );
            files.AddRange(ConfusionFigure.Render(byClass, title, directory));
        }
        context.Error.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} in {directory}");
    }
}
