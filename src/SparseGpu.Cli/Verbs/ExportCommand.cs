using SparseGpu.Export;
using SparseGpu.Runs;

namespace SparseGpu.Cli.Verbs;

public sealed class ExportCommand(ExportOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        string format = ExportFormats.Require(options.Format);
        if (string.IsNullOrWhiteSpace(options.Out))
            throw new SparseGpuException("--out: give a file name");
        Checkpoint checkpoint = CheckpointFile.Read(options.Model);
        ModelExport.Write(checkpoint.State.Network, format, options.Out);
        context.Error.WriteLine(
            $"wrote {options.Out} ({format}, {checkpoint.State.Network.TotalLinks} links in "
                + $"{checkpoint.State.Network.Layers.Count} layers)"
        );
        return CliApp.Success;
    }
}
