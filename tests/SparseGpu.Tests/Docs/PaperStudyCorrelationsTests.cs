using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Docs;

/// <summary>
/// Issue 29 §3: the paper study's structure-vs-robustness correlations (RESULTS.md, "Does structure explain
/// robustness?") rest on committed per-model tables; the committed correlations.csv, whose intervals the
/// results check reads, must be what structure/correlations.py makes of them.
/// </summary>
public sealed class PaperStudyCorrelationsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Structure => Path.Combine(Repository.Root, "experiments", "paper-study", "structure");

    [SkippableFact]
    public void The_committed_correlations_are_what_correlations_py_makes_of_the_committed_tables()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3", "python3");
        ExternalTool.RequireThat(Python.Has(python, "import numpy, scipy.stats"), "python3 with numpy and scipy");
        string rerun = _temp.File("correlations.csv");

        Python.Run(
            python,
            Path.Combine(Structure, "correlations.py"),
            Path.Combine(Structure, "models-structure.csv"),
            Path.Combine(Structure, "models-robustness.csv"),
            rerun
        );

        Assert.Equal(File.ReadAllText(Path.Combine(Structure, "correlations.csv")), File.ReadAllText(rerun));
    }
}
