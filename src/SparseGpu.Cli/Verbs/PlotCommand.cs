using SparseGpu.Plotting;
using SparseGpu.Runs;

namespace SparseGpu.Cli.Verbs;

public sealed class PlotCommand(PlotOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        options.Figure.Validate();
        switch (options.Kind.ToLowerInvariant())
        {
            case "training":
            {
                var runs = options.Runs.ToList();
                if (runs.Count == 0)
                    throw new InvalidSettingException("plot training needs --runs DIR [DIR...]");
                string output = FigureOutput.File(options.Out, "training.png");
                foreach (
                    string file in TrainingFigures.Render(
                        runs.Select(RunHistory.Read).ToList(),
                        output,
                        options.Figure,
                        options.Threshold
                    )
                )
                    context.Output.WriteLine(file);
                return CliApp.Success;
            }
            case "robustness":
            {
                var inputs = options.Input.ToList();
                if (inputs.Count > 1 && options.Out is null)
                    throw new InvalidSettingException("plot robustness with several --input needs --out DIR");
                RobustnessInputs read = RobustnessInputs.Read(inputs);
                string directory = options.Out ?? Path.GetDirectoryName(Path.GetFullPath(inputs[0]))!;
                // Checked in full before any figure is written.
                RelativeBaseline? baseline = options.RelativeTo is { } name
                    ? RelativeBaseline.Of(read.Records, name, read.Settings)
                    : null;
                var files = RobustnessFigures
                    .Render(read.Records, directory, options.Figure, read.Settings, baseline)
                    .ToList();
                // Percolation is drawn of accuracy and connectivity themselves, never relative to a baseline.
                if (baseline is null)
                    files.AddRange(
                        PercolationFigure.Render(read.Records, read.LayerShapes(), directory, options.Figure)
                    );
                foreach (string stale in RobustnessFigures.RemoveStale(directory, files, baseline))
                    context.Error.WriteLine($"removed {Path.GetFileName(stale)}, left by an earlier drawing");
                foreach (string file in files)
                    context.Output.WriteLine(file);
                return CliApp.Success;
            }
            default:
                throw new InvalidSettingException(
                    $"plot kind '{options.Kind}' is not valid; valid: training, robustness"
                );
        }
    }
}
