using System.Diagnostics;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Docs;

/// <summary>
/// Issue 29 §3: the numbers each experiments/*/RESULTS.md quotes are recomputed from the study's committed CSV tables
/// by experiments/lib/check_results.py (one results_numbers.py per study), so the text cannot drift from the data.
/// </summary>
public sealed class ResultsNumbersTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Experiments => Path.Combine(Repository.Root, "experiments");

    private static string Checker => Path.Combine(Experiments, "lib", "check_results.py");

    private static (int ExitCode, string Output) RunChecker(params string[] args)
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3", "python3");
        using var process = Process.Start(
            new ProcessStartInfo(python, [Checker, .. args])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            }
        )!;
        string output = process.StandardOutput.ReadToEnd(),
            error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error);
    }

    [SkippableFact]
    public void Every_quoted_number_checked_matches_the_committed_tables()
    {
        (int exitCode, string output) = RunChecker(Experiments);
        Assert.True(exitCode == 0, output);
        Assert.Contains("0 failures", output);
        // Every study with a RESULTS.md is checked, with a real share of its quotes (the tables and the verdicts);
        // a study added later needs at least 10.
        var atLeast = new Dictionary<string, int>
        {
            ["paper-study"] = 60,
            ["protocol-sensitivity"] = 45,
            ["compressibility"] = 12,
            ["removal-protocol"] = 180,
        };
        string[] studies = Directory
            .EnumerateDirectories(Experiments)
            .Where(d => File.Exists(Path.Combine(d, "RESULTS.md")))
            .Select(Path.GetFileName)
            .ToArray()!;
        foreach (string study in studies)
        {
            string line = output.Split('\n').Single(l => l.StartsWith(study + ":", StringComparison.Ordinal));
            int quotes = int.Parse(line.Split(' ')[1]);
            Assert.True(quotes >= atLeast.GetValueOrDefault(study, 10), line);
            Assert.Contains(" 0 missing", line);
        }
        // The two READMEs, which quote the studies, are checked the same way (readme_numbers.py).
        foreach ((string readme, int least) in new[] { ("README.md", 10), ("experiments/README.md", 15) })
        {
            string line = output.Split('\n').Single(l => l.StartsWith(readme + ":", StringComparison.Ordinal));
            Assert.True(int.Parse(line.Split(' ')[1]) >= least, line);
            Assert.Contains(" 0 missing", line);
        }
    }

    [SkippableTheory]
    [InlineData("README.md", "RLR networks keep 96.14 ± 0.17% on MNIST", "RLR networks keep 96.41 ± 0.17% on MNIST")]
    [InlineData("README.md", "| 97.75 / 68.7 |", "| 97.75 / 86.7 |")]
    [InlineData("experiments/README.md", "claims three hold", "claims two hold")]
    [InlineData("experiments/README.md", "| 87.45 / 84.5 / 36 |", "| 87.45 / 84.5 / 63 |")]
    public void A_number_a_README_quotes_edited_by_hand_fails_the_check(string readme, string quoted, string edited)
    {
        string text = File.ReadAllText(Path.Combine(Repository.Root, readme));
        Assert.Contains(quoted, text);
        int at = text.IndexOf(quoted, StringComparison.Ordinal);
        string copy = _temp.File("README.md");
        File.WriteAllText(copy, text[..at] + edited + text[(at + quoted.Length)..]);

        (int exitCode, string output) = RunChecker(Experiments, "--results", $"{readme}={copy}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"missing in {readme}", output);
    }

    [SkippableTheory]
    [InlineData("paper-study", "RLR keeps 96.14 ± 0.17%", "RLR keeps 96.15 ± 0.17%")]
    [InlineData("paper-study", "| MNIST | RLR | 96.69 ± 0.11 |", "| MNIST | RLR | 96.96 ± 0.11 |")]
    // The structure-vs-robustness correlations: a rank correlation and a bootstrap interval bound.
    [InlineData("paper-study", "| 15 | 0.60 (−0.02 to 0.92) |", "| 15 | 0.93 (−0.02 to 0.92) |")]
    [InlineData("paper-study", "| 0.96 (0.92 to 0.98) | inconclusive |", "| 0.96 (0.92 to 0.99) | inconclusive |")]
    // A verdict word against verdicts.csv, and a count of protocol cells against the protocol study's verdicts.csv.
    [InlineData("paper-study", "**not resolved on both** ([verdicts.csv]", "**holds on both** ([verdicts.csv]")]
    [InlineData("paper-study", "in 3 of the 12 below", "in 4 of the 12 below")]
    [InlineData("protocol-sensitivity", "holds → **not resolved** (n = 31)", "holds → **not resolved** (n = 13)")]
    [InlineData("protocol-sensitivity", "RLR 86.49 (3.83 below)", "RLR 86.49 (3.84 below)")]
    // Prose ranges recomputed from the topology and grid tables (the text had 97.2–97.3 and 0.17–2.25 before).
    [InlineData("protocol-sensitivity", "96.6–96.7% at 1%, 97.1–97.3% at 2%", "96.6–96.7% at 1%, 97.2–97.3% at 2%")]
    [InlineData("protocol-sensitivity", "the sparse ones gain 0.16–2.25", "the sparse ones gain 0.17–2.25")]
    [InlineData("compressibility", "Spearman ρ = 0.873 < 0.9", "Spearman ρ = 0.878 < 0.9")]
    // The removal-protocol study: a prose number (verdicts.csv), a timing range (cells.csv), a design-coverage count.
    [InlineData("removal-protocol", "baseline falls from 0.762 to 0.607", "baseline falls from 0.762 to 0.617")]
    [InlineData("removal-protocol", "without fine-tuning took 23–108 s", "without fine-tuning took 23–118 s")]
    [InlineData("removal-protocol", "28 of the 40 link cells", "29 of the 40 link cells")]
    public void A_quoted_number_edited_by_hand_fails_the_check(string study, string quoted, string edited)
    {
        string text = File.ReadAllText(Path.Combine(Experiments, study, "RESULTS.md"));
        Assert.Contains(quoted, text);
        int at = text.IndexOf(quoted, StringComparison.Ordinal);
        string copy = _temp.File("RESULTS.md");
        File.WriteAllText(copy, text[..at] + edited + text[(at + quoted.Length)..]);

        (int exitCode, string output) = RunChecker(Experiments, "--results", $"{study}={copy}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"missing in {study}/RESULTS.md", output);
    }

    [SkippableFact]
    public void A_RESULTS_md_without_a_checker_fails()
    {
        Directory.CreateDirectory(_temp.File("new-study"));
        File.WriteAllText(_temp.File("new-study", "RESULTS.md"), "# Results\n\nAccuracy 97.5%.\n");

        (int exitCode, string output) = RunChecker(_temp.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("new-study: RESULTS.md has no results_numbers.py", output);
    }
}
