namespace SparseGpu.Tests.Support;

/// <summary>
/// External programs that tests use as real consumers or checkers (python3 with numpy, ptxas, clang, chromium, Slurm).
/// Where one is missing the test skips on a developer's machine but fails in CI (CI=true), because `.ci/run`
/// installs every such tool and a silently skipped check would look like a passed one.
/// </summary>
public static class ExternalTool
{
    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first candidate that exists as a file or on PATH; skips (or fails in CI) when none does.</summary>
    public static string Require(string what, params string[] candidates)
    {
        string? found = Find(candidates);
        if (found is not null)
            return found;
        string message = $"{what} not found (tried {string.Join(", ", candidates)}); .ci/run installs it";
        if (InCi)
            throw new InvalidOperationException(message);
        Skip.If(true, message);
        return "";
    }

    /// <summary>Skips (or fails in CI) unless the condition holds: for tools found by probing, e.g. a Python
    /// module.</summary>
    public static void RequireThat(bool available, string what)
    {
        if (available)
            return;
        string message = $"{what} is not available; .ci/run installs it";
        if (InCi)
            throw new InvalidOperationException(message);
        Skip.If(true, message);
    }

    public static string? Find(params string[] candidates)
    {
        foreach (string candidate in candidates)
        {
            if (candidate.Contains('/'))
            {
                if (File.Exists(candidate))
                    return candidate;
                continue;
            }
            string path = Environment.GetEnvironmentVariable("PATH") ?? "";
            foreach (string dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string file = Path.Combine(dir, candidate);
                if (File.Exists(file))
                    return file;
            }
        }
        return null;
    }
}
