namespace SparseGpu.Robustness;

/// <summary>
/// Prepares a robustness --out directory: before the sweep computes anything it must be writable (found out now,
/// not after an hour of evaluations); once the directory is known to hold nothing or this sweep's own finished
/// blocks, figures an older result left there are removed, so the directory never shows old PNGs beside new CSVs.
/// Only files this program names (robustness-PERTURBATION or -grid, percolation; .png, .svg, .csv) are removed.
/// </summary>
public static class RobustnessOutput
{
    public static void Prepare(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, $".write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SparseGpuException($"{directory}: --out is not writable ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>Called after the directory's settings were checked against this sweep's (a directory of another
    /// sweep is refused before anything in it is touched); the figures are drawn anew at the end.</summary>
    public static void RemoveOldFigures(string directory)
    {
        var names = Perturbations.Names.Append("grid").Select(n => $"robustness-{n}").Append("percolation");
        foreach (string figure in names)
        foreach (string extension in new[] { ".png", ".svg", ".csv" })
            File.Delete(Path.Combine(directory, figure + extension));
    }
}
