using System.Globalization;
using SparseGpu.Data;

namespace SparseGpu.Cli.Verbs;

public sealed class DataCommand(DataOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        string directory = DataDirectory.Resolve(options.DataDir);
        return options.Action.ToLowerInvariant() switch
        {
            "list" => List(directory, context.Output),
            "download" => Download(directory, context),
            "verify" => Verify(directory, context.Output),
            _ => throw new InvalidSettingException(
                $"data action '{options.Action}' is not valid; valid: list, download, verify"
            ),
        };
    }

    private int List(string directory, TextWriter output)
    {
        if (options.Name is not null)
            throw new InvalidSettingException($"data list takes no data set name, got '{options.Name}'");
        output.WriteLine($"data directory: {directory}");
        output.WriteLine(
            $"{"data set", -16} {"classes", 7} {"train", 7} {"test", 6} {"files", 6} {"on disk", 10}  status    licence"
        );
        foreach (DatasetInfo info in DatasetCatalog.All)
        {
            DatasetStatus status = DatasetInventory.Inspect(directory, info, verify: false);
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{info.Name, -16} {info.Classes, 7} {info.TrainCount, 7} {info.TestCount, 6} "
                        + $"{status.PresentCount + "/" + status.Files.Count, 6} "
                        + $"{ByteSize.Format(status.Bytes), 10}  {status.Summary, -9} {info.Licence}"
                )
            );
            foreach (FileStatus file in status.Files.Where(f => !f.Present))
                output.WriteLine(
                    $"    missing {file.File.FileName} ({ByteSize.Format(file.File.Bytes)}; `sparsegpu data "
                        + $"download {info.Name}`)"
                );
        }
        output.WriteLine($"bundled: {BundledMnist.SourceName} (used when MNIST is neither present nor downloadable)");
        return CliApp.Success;
    }

    private int Download(string directory, CommandContext context)
    {
        DatasetInfo info = DatasetCatalog.Get(
            options.Name
                ?? throw new InvalidSettingException(
                    "data download needs a data set name; valid: " + string.Join(", ", DatasetCatalog.Names)
                )
        );
        using var display = new Display.ProgressDisplay(context.Error, quiet: false, options.ProgressEvery);
        using DatasetDownloader downloader = DatasetDownloader.Open(display.Download);
        IReadOnlyList<string> fetched = downloader.EnsureFiles(info, directory, context.Cancel);
        display.Finish();
        context.Output.WriteLine(
            fetched.Count == 0
                ? $"{info.Name}: all files present and verified in {Path.Combine(directory, info.Name)}"
                : $"{info.Name}: downloaded {string.Join(", ", fetched)} into {Path.Combine(directory, info.Name)}"
        );
        return CliApp.Success;
    }

    private int Verify(string directory, TextWriter output)
    {
        IEnumerable<DatasetInfo> sets = options.Name is null ? DatasetCatalog.All : [DatasetCatalog.Get(options.Name)];
        int bad = 0;
        foreach (DatasetInfo info in sets)
        {
            foreach (FileStatus file in DatasetInventory.Inspect(directory, info, verify: true).Files)
            {
                FileState state = file.Verified ?? FileState.Missing;
                if (state is FileState.WrongChecksum or FileState.WrongSize)
                    bad++;
                output.WriteLine($"{FileChecksum.Describe(state), -18} {info.Name}/{Path.GetFileName(file.Path)}");
            }
        }
        if (bad > 0)
            throw new SparseGpuException(
                $"{bad} file(s) in {directory} do not match the official release; delete them or run `sparsegpu "
                    + "data download NAME`"
            );
        return CliApp.Success;
    }
}
