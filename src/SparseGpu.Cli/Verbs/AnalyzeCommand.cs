using System.Globalization;
using SparseGpu.Analysis;
using SparseGpu.Cli.Display;
using SparseGpu.Jobs;
using SparseGpu.Plotting;

namespace SparseGpu.Cli.Verbs;

public sealed class AnalyzeCommand(AnalyzeOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        if (!options.NoPlots)
            options.Figure.Validate();
        var request = new AnalysisRequest
        {
            Models = options.Models.ToList(),
            Runs = options.Runs.ToList(),
            OutDirectory = options.Out,
            Activity = options.Activity,
            DataDirectory = options.DataDir,
            AllowDownload = !options.NoDownload,
        };
        if (!options.Activity && (options.DataDir is not null || options.NoDownload))
            throw new InvalidSettingException(
                "--data-dir and --no-download are for --activity, which reads the test images"
            );
        using var display = new ProgressDisplay(context.Error, quiet: false);
        AnalysisResult result = AnalysisJob.Run(request, line => context.Error.WriteLine(line), display);
        var files = result.Files.ToList();
        IReadOnlyList<string> figures = options.NoPlots
            ? []
            : StructureFigures.Render(result.Models, result.Evolution, result.OutDirectory, options.Figure);
        files.AddRange(figures);
        foreach (string stale in StructureFigures.RemoveStale(result.OutDirectory, figures))
            context.Error.WriteLine($"removed {Path.GetFileName(stale)}, left by an earlier analysis");
        context.Error.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{result.Models.Count} model(s) analysed in {result.AnalysisSeconds * 1000:F0} ms; wrote "
                    + $"{string.Join(", ", files.Select(Path.GetFileName))} in {result.OutDirectory}"
            )
        );
        context.Output.WriteLine(
            $"{"model", -40} {"layer", 5} {"links", 8} {"active", 6} {"in-gini", 7} {"out-gini", 8} {"dormant", 7}"
        );
        foreach (var (model, s) in result.Structure)
        {
            string name = model.Name.Length > 40 ? "…" + model.Name[^39..] : model.Name;
            context.Output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name, -40} {s.Layer, 5} {s.Links, 8} {s.ActiveNeurons, 6} {s.InDegreeGini, 7:F3} "
                        + $"{s.OutDegreeGini, 8:F3} {s.DormantFraction, 7:F3}"
                )
            );
        }
        return CliApp.Success;
    }
}
