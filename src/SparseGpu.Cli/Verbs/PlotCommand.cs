using SparseGpu.Plotting;
using SparseGpu.Robustness;
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
                if (runs.Count == 0) throw new InvalidSettingException("plot training needs --runs DIR [DIR...]");
                string output = options.Out ?? "training.png";
                string written = TrainingFigures.Render(runs.Select(RunHistory.Read).ToList(), output, options.Figure, options.Threshold);
                context.Output.WriteLine(written);
                return CliApp.Success;
            }
            case "robustness":
            {
                string input = options.Input ?? throw new InvalidSettingException("plot robustness needs --input robustness.csv");
                List<RobustnessRecord> records = RobustnessCsv.Read(input);
                string directory = options.Out ?? Path.GetDirectoryName(Path.GetFullPath(input))!;
                foreach (string file in RobustnessFigures.Render(records, directory, options.Figure)) context.Output.WriteLine(file);
                return CliApp.Success;
            }
            default:
                throw new InvalidSettingException($"plot kind '{options.Kind}' is not valid; valid: training, robustness");
        }
    }
}
