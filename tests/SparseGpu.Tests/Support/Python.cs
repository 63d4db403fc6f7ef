using System.Diagnostics;

namespace SparseGpu.Tests.Support;

/// <summary>Debian's python3 as a real consumer of what the program writes (numpy, scipy, networkx).</summary>
internal static class Python
{
    /// <summary>Whether <paramref name="python"/> runs <paramref name="import"/> (e.g. "import numpy").</summary>
    public static bool Has(string python, string import)
    {
        using var process = Process.Start(
            new ProcessStartInfo(python, ["-c", import]) { RedirectStandardError = true, RedirectStandardOutput = true }
        )!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    /// <summary>Runs a script and returns what it printed; a non-zero exit fails the test with its stderr.</summary>
    public static string Run(string python, params string[] args)
    {
        using var process = Process.Start(
            new ProcessStartInfo(python, args) { RedirectStandardError = true, RedirectStandardOutput = true }
        )!;
        string output = process.StandardOutput.ReadToEnd(),
            error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
