using System.Text.Json;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

/// <summary>
/// The spec's copy in a sweep directory (sweep.json), which says whose runs the directory holds: status and
/// aggregate count only that spec's runs. A directory of another spec is refused unless forced, because replacing
/// its sweep.json would silently hide every finished run of the earlier spec.
/// </summary>
internal static class SweepSpecCopy
{
    public static void Claim(string output, string specPath, SweepSpec spec, bool force, Action<string> notice)
    {
        string copy = Path.Combine(output, SweepRunner.SpecCopy);
        if (File.Exists(copy) || Directory.Exists(copy))
        {
            string? difference = Difference(copy, specPath, spec);
            if (difference is null)
                return; // the same study (perhaps reformatted): every shard agrees
            if (!force)
                throw new SparseGpuException(
                    $"{output}: {difference}; choose another --out, or give --force to " + "replace it"
                );
            notice(
                $"replacing {copy} (--force): the runs of the earlier spec stay in runs/ but no longer count in "
                    + "status and aggregate"
            );
        }
        AtomicFile.WriteAllBytes(copy, InputFile.ReadAllBytes(specPath, "spec"));
    }

    /// <returns>Null when the recorded spec describes the same study (same settings, whatever the
    /// formatting).</returns>
    private static string? Difference(string copy, string specPath, SweepSpec spec)
    {
        SweepSpec recorded;
        try
        {
            recorded = SweepSpec.Read(copy);
        }
        catch (SparseGpuException e)
        {
            return $"its sweep.json cannot be read ({e.Message})";
        }
        return Canonical(recorded) == Canonical(spec)
            ? null
            : $"holds the sweep of another spec (its sweep.json differs from {specPath})";
    }

    private static string Canonical(SweepSpec spec) => JsonSerializer.Serialize(spec, JsonFormat.Options);
}
