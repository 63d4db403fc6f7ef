using SparseGpu.Cli;
using SparseGpu.Tests.Cli;

namespace SparseGpu.Tests.Benchmarks;

/// <summary>What the `bench` suite tests read from the verb: a table of its output, and a refusal.</summary>
internal static class BenchOutput
{
    /// <summary>
    /// The table whose column header is the first output line that starts (after its indent) with
    /// <paramref name="header"/>: the header's words and the rows under it, each split at runs of spaces;
    /// <paramref name="rows"/> of them, or every line to the end when null.
    /// </summary>
    public static (string[] Header, string[][] Rows) Table(string output, string header, int? rows = null)
    {
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int at = Array.FindIndex(lines, l => l.Trim().StartsWith(header, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no table headed '{header}' in:\n{output}");
        IEnumerable<string> below = lines.Skip(at + 1);
        return (Words(lines[at]), (rows is int count ? below.Take(count) : below).Select(Words).ToArray());
    }

    /// <summary>Runs `bench --device cpu --data-dir DIR` with <paramref name="arguments"/> (split at spaces) and
    /// asserts that it fails with one error line holding <paramref name="message"/>.</summary>
    public static void AssertRefused(string dataDirectory, string arguments, string message)
    {
        CliRunner.Result result = CliRunner.Run([
            "bench",
            "--device",
            "cpu",
            "--data-dir",
            dataDirectory,
            .. arguments.Split(' '),
        ]);
        Assert.NotEqual(CliApp.Success, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines));
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
