using SparseGpu.Common;

namespace SparseGpu.Cli.Verbs;

/// <summary>
/// The bench options a measurement does not read: each one given is named in one refusal, never ignored. In one
/// place so that the suites (<see cref="BenchCommand"/>, <see cref="BenchRiglSuite"/>) list the width scaling's
/// options, and word the refusal, alike.
/// </summary>
internal static class BenchOptionRefusals
{
    /// <summary>The width scaling's options that differ from their defaults, in the help's order.</summary>
    public static IEnumerable<string> ScalingOptionsGiven(BenchOptions options)
    {
        if (options.Widths != "1000,2000,4000,8000")
            yield return "--widths";
        if (options.FanIn != 10)
            yield return "--fan-in";
        if (options.NoCh3L3)
            yield return "--no-ch3l3";
        if (options.ScalingSamples != 60000)
            yield return "--scaling-samples";
        if (options.Figure is not null)
            yield return "--figure";
    }

    /// <summary>Refuses the options <paramref name="given"/>, if any: "NAMES: " and the reason, which
    /// <paramref name="reason"/> words around "it" for one option or "them" for several.</summary>
    public static void Refuse(IReadOnlyCollection<string> given, Func<string, string> reason)
    {
        if (given.Count > 0)
            throw new InvalidSettingException(
                $"{string.Join(", ", given)}: {reason(given.Count == 1 ? "it" : "them")}"
            );
    }
}
