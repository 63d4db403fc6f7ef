using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>
/// The statistics of experiments/protocol-sensitivity/verdicts.py (CRITERIA.md, amendment of 2026-12-06) against
/// scipy.stats, on the committed tables: every p-value, t and bootstrap interval, Holm adjustment, sign test and
/// power calculation to 1e-6 (verdict_stats_check.py recomputes them from the per-seed values). And the committed
/// verdicts.csv files are what verdicts.py makes of the committed tables today.
/// </summary>
public sealed class VerdictStatisticsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Experiments => Path.Combine(Repository.Root, "experiments");

    private static string Protocol => Path.Combine(Experiments, "protocol-sensitivity");

    private static string Paper => Path.Combine(Experiments, "paper-study");

    private static string PythonWithScipy()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3", "python3");
        ExternalTool.RequireThat(Python.Has(python, "import numpy, scipy.stats"), "python3 with numpy and scipy");
        return python;
    }

    /// <summary>Reruns verdicts.py on copies of the committed verdicts.csv files (it carries the claims the
    /// committed tables cannot test from them) and returns the copies.</summary>
    private (string Protocol, string Paper) Rerun(string python)
    {
        string protocol = _temp.File("protocol-verdicts.csv"),
            paper = _temp.File("paper-verdicts.csv");
        File.Copy(Path.Combine(Protocol, "verdicts.csv"), protocol);
        File.Copy(Path.Combine(Paper, "verdicts.csv"), paper);
        string script = Path.Combine(Protocol, "verdicts.py");
        Python.Run(python, script, "--committed", "--csv", protocol);
        Python.Run(
            python,
            script,
            "--sweep",
            Paper,
            "--summary",
            "--dense",
            Path.Combine(Paper, "dense-baseline-accuracy.csv"),
            "--csv",
            paper
        );
        return (protocol, paper);
    }

    [SkippableFact]
    public void P_values_intervals_and_corrections_match_scipy_on_the_committed_tables()
    {
        string python = PythonWithScipy();
        (string protocol, string paper) = Rerun(python);
        string check = Path.Combine(Repository.Root, "tests", "SparseGpu.Tests", "Sweeps", "verdict_stats_check.py");
        string output = Python.Run(python, check, Protocol, protocol, Paper, paper);
        Assert.Contains(", 0 mismatches", output);
        int compared = int.Parse(output.Split("compared ")[1].Split(' ')[0]);
        Assert.True(compared > 400, output); // 5a, 5b and 1 in every grid and topology cell, the long and paper rows
    }

    [SkippableFact]
    public void The_committed_verdicts_are_what_verdicts_py_makes_of_the_committed_tables()
    {
        (string protocol, string paper) = Rerun(PythonWithScipy());
        Assert.Equal(File.ReadAllText(Path.Combine(Protocol, "verdicts.csv")), File.ReadAllText(protocol));
        Assert.Equal(File.ReadAllText(Path.Combine(Paper, "verdicts.csv")), File.ReadAllText(paper));
    }
}
