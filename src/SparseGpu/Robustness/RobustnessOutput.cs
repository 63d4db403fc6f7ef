namespace SparseGpu.Robustness;

/// <summary>
/// Prepares a robustness --out directory before the sweep computes anything: it must be writable (found out now,
/// not after an hour of evaluations), and figures an older result left there are removed, so the directory never
/// shows old PNGs beside new CSVs. Only files this program names (robustness-PERTURBATION or -grid, .png or .svg) are removed.
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
        foreach (string figure in Perturbations.Names.Append("grid"))
            foreach (string extension in new[] { ".png", ".svg" })
                File.Delete(Path.Combine(directory, $"robustness-{figure}{extension}"));
    }
}
