using System.Globalization;
using SparseGpu.Jobs;
using SparseGpu.LinkPrediction;

namespace SparseGpu.Cli.Verbs;

public sealed class LinkPredCommand(LinkPredOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        var request = new LinkPredictionRequest(
            options.Edges,
            options.Inputs,
            options.Outputs,
            options.Method,
            options.Top,
            options.All,
            options.Out,
            options.Device
        )
        {
            Model = options.Model,
            Layer = options.Layer,
        };
        LinkPredictionReport r = LinkPredictionJob.Run(request, context.Output, context.Cancel);
        if (r.Duplicates > 0)
            context.Error.WriteLine(
                $"warning: {options.Edges}: {r.Duplicates} duplicate link(s) counted once (first on line "
                    + $"{r.FirstDuplicateLine})"
            );
        context.Error.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Inputs}x{r.Outputs} layer, {r.Links} links: {r.Scored} absent links with a positive "
                    + $"{LinkPredictionMethods.DisplayName(options.Method)} score, {r.Written} rows written; "
                    + $"scoring took {r.Seconds * 1000:F1} ms on {r.Device}"
            )
        );
        return CliApp.Success;
    }
}
