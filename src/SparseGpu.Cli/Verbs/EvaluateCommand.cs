using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SparseGpu.Cli.Display;
using SparseGpu.Evaluation;
using SparseGpu.Runs;

namespace SparseGpu.Cli.Verbs;

public sealed class EvaluateCommand(EvaluateOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        using var display = new ProgressDisplay(context.Error, quiet: options.Json, options.ProgressEvery);
        EvaluationReport report = EvaluationJob.Run(
            new EvaluationRequest(options.Model, options.Dataset, options.Device, options.DataDir, !options.NoDownload),
            display
        );
        if (options.Json)
        {
            var json = new
            {
                model = report.Model,
                dataset = report.Dataset,
                data_source = report.DataSource,
                device = report.Device,
                epochs = report.CompletedEpochs,
                mid_epoch = report.MidEpoch,
                test_loss = report.Result.Loss,
                test_accuracy = report.Result.Accuracy,
                correct = report.Result.Correct,
                images = report.Result.Count,
            };
            // A diverged model's loss is NaN or infinite, which plain JSON numbers cannot hold: written as the strings
            // "NaN", "Infinity", "-Infinity" (what System.Text.Json and most JSON readers accept for them).
            var options = new JsonSerializerOptions(JsonFormat.Options)
            {
                NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            };
            context.Output.WriteLine(JsonSerializer.Serialize(json, options));
        }
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
        }
        return CliApp.Success;
    }
}
