using System.Text.Json;

namespace SparseGpu.Runs;

/// <summary>
/// What `train --out` may use: an empty or new directory, or one whose run stopped before its first checkpoint
/// (started again from scratch); never one holding another program's config.json or a run with epochs in it.
/// </summary>
public static class RunDirectoryChecks
{
    public static void RequireFreeForNewRun(RunDirectory directory)
    {
        if (File.Exists(directory.Model))
            throw new SparseGpuException(
                $"{directory.Path}: already holds a run; resume it with --resume {directory.Model} or choose "
                    + "another --out"
            );
        if (File.Exists(directory.Metrics) && MetricsRows(directory.Metrics) > 0)
            throw new SparseGpuException(
                $"{directory.Path}: holds metrics of a run but no model.ckpt to resume from; choose another --out"
            );
        if (File.Exists(directory.Config) && !IsOurs(directory.Config))
            throw new SparseGpuException(
                $"{directory.Config}: exists and is not a SparseGpu run's config.json; choose another --out"
            );
        // What is left is a run that stopped before its first checkpoint: it starts again from scratch.
        if (File.Exists(directory.Metrics))
            File.Delete(directory.Metrics);
    }

    /// <summary>
    /// Resuming from a kept checkpoint-epoch-N.ckpt into its own directory would silently discard the epochs
    /// model.ckpt holds beyond it; that needs a new --out.
    /// </summary>
    public static void RequireNoRewind(RunDirectory directory, string resumeFrom, Checkpoint resumed)
    {
        if (!File.Exists(directory.Model) || FileIdentity.Same(resumeFrom, directory.Model))
            return;
        Checkpoint latest;
        try
        {
            latest = CheckpointFile.Read(directory.Model);
        }
        catch (SparseGpuException)
        {
            return; // a damaged model.ckpt: resuming from a kept checkpoint is exactly the way back
        }
        if (Position(latest) > Position(resumed))
            throw new SparseGpuException(
                $"{resumeFrom}: is at epoch {resumed.State.CompletedEpochs}, but {directory.Model} is at epoch "
                    + $"{latest.State.CompletedEpochs}; "
                    + "resuming into the same directory would discard the later epochs; give a new --out to branch "
                    + "from it"
            );
    }

    /// <summary>Samples trained, as a comparable number (epochs are at most int.MaxValue samples long).</summary>
    private static long Position(Checkpoint c) => ((long)c.State.CompletedEpochs << 32) + c.State.NextSample;

    /// <summary>Rows of an earlier run's metrics.csv; one that cannot be read (a device such as /dev/zero, which
    /// <see cref="InputFile"/> refuses rather than reading it until memory runs out) counts as holding rows.</summary>
    private static int MetricsRows(string path)
    {
        try
        {
            return InputFile.ReadAllLines(path, "metrics file").Skip(1).Count(line => !string.IsNullOrWhiteSpace(line));
        }
        catch (SparseGpuException)
        {
            return int.MaxValue;
        }
    }

    private static bool IsOurs(string configPath)
    {
        try
        {
            using JsonDocument config = JsonDocument.Parse(InputFile.ReadAllBytes(configPath, "config.json"));
            return config.RootElement.ValueKind == JsonValueKind.Object
                && config.RootElement.TryGetProperty("program", out JsonElement program)
                && program.ValueKind == JsonValueKind.String
                && program.GetString() == ProgramInfo.Name;
        }
        catch (Exception e) when (e is JsonException or SparseGpuException)
        {
            return false;
        }
    }
}
