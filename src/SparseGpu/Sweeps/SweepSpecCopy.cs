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
    public const string FileName = "sweep.json";

    public static void Claim(string output, string specPath, SweepSpec spec, bool force, Action<string> notice)
    {
        if (Verify(output, specPath, spec, force, notice))
            AtomicFile.WriteAllBytes(
                Path.Combine(output, SweepSpecCopy.FileName),
                InputFile.ReadAllBytes(specPath, "spec")
            );
    }

    /// <summary>
    /// Whether <paramref name="output"/> may take this spec, refusing exactly as a real run would: a dry run that
    /// listed another spec's folder as done and pending hid the refusal the run then gave.
    /// </summary>
    /// <returns>True when the spec's copy must be (re)written.</returns>
    public static bool Verify(string output, string specPath, SweepSpec spec, bool force, Action<string> notice)
    {
        string copy = Path.Combine(output, SweepSpecCopy.FileName);
        if (!File.Exists(copy) && !Directory.Exists(copy))
            return true;
        string? difference = Difference(copy, specPath, spec);
        if (difference is null)
            return false; // the same study (perhaps reformatted): every shard agrees
        if (!force)
            throw new SparseGpuException(
                $"{output}: {difference}; choose another --out, or give --force to replace it"
            );
        notice(
            $"replacing {copy} (--force): the runs of the earlier spec stay in runs/ but no longer count in "
                + "status and aggregate"
        );
        return true;
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

    // `pack` says how the runs train together, not what they compute: another value is the same study.
    private static string Canonical(SweepSpec spec) =>
        JsonSerializer.Serialize(spec with { Pack = null }, JsonFormat.Options);
}
