using System.Diagnostics;
using System.Globalization;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>
/// Issue 29 §1 for the studies whose verdicts verdicts.py does not write: the removal-protocol study's verdicts.csv
/// and effects.csv against scipy.stats from its committed per-seed r-by-seed.csv (removal_stats_check.py), and the
/// compressibility study's verdict.csv as experiments/compressibility/verdict.py makes it of the committed
/// models.csv.
/// </summary>
public sealed class StudyStatisticsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Experiments => Path.Combine(Repository.Root, "experiments");

    private static string RemovalProtocol => Path.Combine(Experiments, "removal-protocol");

    private static string PythonWithScipy()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3", "python3");
        ExternalTool.RequireThat(Python.Has(python, "import numpy, scipy.stats"), "python3 with numpy and scipy");
        return python;
    }

    private static (int ExitCode, string Output) Run(string python, params string[] args)
    {
        using var process = Process.Start(
            new ProcessStartInfo(python, args) { RedirectStandardError = true, RedirectStandardOutput = true }
        )!;
        string output = process.StandardOutput.ReadToEnd(),
            error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error);
    }

    /// <summary>A copy of the removal-protocol study's three tables; in <paramref name="file"/>, the one occurrence of
    /// <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    private string RemovalTables(string? file = null, string? from = null, string? to = null)
    {
        string folder = _temp.File("removal-protocol");
        Directory.CreateDirectory(folder);
        foreach (string name in new[] { "r-by-seed.csv", "verdicts.csv", "effects.csv" })
        {
            string text = File.ReadAllText(Path.Combine(RemovalProtocol, name));
            if (name == file)
            {
                Assert.Equal(1, text.Split(from!).Length - 1); // the edit names one value
                text = text.Replace(from!, to!, StringComparison.Ordinal);
            }
            File.WriteAllText(Path.Combine(folder, name), text);
        }
        return folder;
    }

    private static string Checker =>
        Path.Combine(Repository.Root, "tests", "SparseGpu.Tests", "Sweeps", "removal_stats_check.py");

    [SkippableFact]
    public void Removal_protocol_verdicts_and_effects_match_scipy_on_the_committed_per_seed_values()
    {
        (int exitCode, string output) = Run(PythonWithScipy(), Checker, RemovalTables());
        Assert.True(exitCode == 0, output);
        Assert.Contains(", 0 mismatches", output);
        int compared = int.Parse(output.Split("compared ")[1].Split(' ')[0]);
        Assert.True(compared > 600, output); // 51 cells x 12 values, 18 effects x 8
    }

    [SkippableTheory]
    // A one-sided p, a Holm p, a t interval bound, a bootstrap bound, an effect's paired p, and a verdict.
    [InlineData("verdicts.csv", ",0.000483242,", ",0.000493242,")]
    [InlineData("verdicts.csv", ",0.0115978,holds", ",0.0125978,holds")]
    [InlineData("verdicts.csv", ",0.305241,", ",0.305341,")]
    [InlineData("verdicts.csv", ",0.330906,", ",0.331906,")]
    [InlineData("effects.csv", ",3.47494e-05", ",4.47494e-05")]
    [InlineData("verdicts.csv", ",0.00463805,holds", ",0.00463805,not resolved at n = 5")]
    public void A_removal_protocol_statistic_edited_by_hand_is_found(string file, string from, string to)
    {
        (int exitCode, string output) = Run(PythonWithScipy(), Checker, RemovalTables(file, from, to));
        Assert.Equal(1, exitCode);
        Assert.DoesNotContain(", 0 mismatches", output);
        Assert.Contains(" mismatches", output);
    }

    [SkippableFact]
    public void The_compressibility_verdict_is_what_verdict_py_makes_of_the_committed_models()
    {
        string python = PythonWithScipy();
        string study = Path.Combine(Experiments, "compressibility");
        string models = _temp.File("models.csv");
        File.Copy(Path.Combine(study, "models.csv"), models);

        Python.Run(python, Path.Combine(study, "verdict.py"), models); // writes verdict.csv beside models.csv

        Assert.Equal(File.ReadAllText(Path.Combine(study, "verdict.csv")), File.ReadAllText(_temp.File("verdict.csv")));
        // y is the accuracy share kept, as CRITERIA.md defines it, in every row.
        string[] lines = File.ReadAllLines(models);
        List<string> header = [.. lines[0].Split(',')];
        int accuracy = header.IndexOf("accuracy"),
            at80 = header.IndexOf("accuracy_at_0.8"),
            y = header.IndexOf("y_accuracy_share_kept");
        Assert.Equal(174, lines.Length - 1);
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            double expected =
                double.Parse(f[at80], CultureInfo.InvariantCulture)
                / double.Parse(f[accuracy], CultureInfo.InvariantCulture);
            Assert.Equal(expected, double.Parse(f[y], CultureInfo.InvariantCulture), 1e-12);
        }
    }
}
