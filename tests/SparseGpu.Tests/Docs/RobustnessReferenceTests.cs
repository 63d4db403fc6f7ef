using SparseGpu.Cli.Arguments;
using SparseGpu.Robustness;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Docs;

/// <summary>The robustness reference keeps up with the code: the verb guide has a table row for every registered
/// perturbation and every option of the verb that is a switch of the removal protocol, and FORMATS.md one for every
/// column of robustness.csv and summary.csv, each read from the program's own lists, so a new perturbation, option
/// or column cannot land undocumented.</summary>
public sealed class RobustnessReferenceTests
{
    /// <summary>The robustness options that are no switch of the removal protocol: what to sweep and on which
    /// grid, and the options every verb that evaluates and draws shares. Every other option needs a row.</summary>
    private static readonly HashSet<string> NotSwitches =
    [
        "model",
        "dataset",
        "perturbations",
        "levels",
        "epsilons",
        "out",
        "no-plots",
        "device",
        "threads",
        "data-dir",
        "no-download",
        "quiet",
        "progress-every",
        "width",
        "height",
        "dpi",
        "svg",
    ];

    [Fact]
    public void The_verb_guide_has_a_row_for_every_perturbation_and_switch()
    {
        // The first cell of each table row: what the row documents.
        var documented = File.ReadAllLines(Documentation.PathOf("src/SparseGpu.Cli/README.md"))
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal))
            .Select(line => line.Split('|')[1])
            .ToList();
        bool Documented(string text) => documented.Any(cell => cell.Contains(text, StringComparison.Ordinal));
        var missing = Perturbations
            .Names.Where(name => !Documented($"`{name}`"))
            .Concat(
                VerbCatalog
                    .Find("robustness")!
                    .Options.Select(o => "--" + o.Name)
                    .Where(o => !NotSwitches.Contains(o[2..]))
                    .Where(option => !Documented($"`{option}"))
            )
            .ToList();
        Assert.True(
            missing.Count == 0,
            "no table row in src/SparseGpu.Cli/README.md for " + string.Join(", ", missing)
        );
    }

    [Fact]
    public void Formats_has_a_row_for_every_robustness_and_summary_column()
    {
        string formats = File.ReadAllText(Documentation.PathOf("src/FORMATS.md"));
        string Section(string heading)
        {
            int start = formats.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"FORMATS.md has no section '{heading}'");
            int end = formats.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            return end < 0 ? formats[start..] : formats[start..end];
        }
        // A column is documented by a table row whose first cell names it.
        static IEnumerable<string> Missing(string section, string header)
        {
            var cells = section
                .Split('\n')
                .Where(line => line.StartsWith("| ", StringComparison.Ordinal))
                .Select(line => line.Split('|')[1])
                .ToList();
            return header
                .Split(',')
                .Where(column => !cells.Any(cell => cell.Contains($"`{column}`", StringComparison.Ordinal)));
        }
        var missing = Missing(Section("robustness.csv"), RobustnessCsv.Header)
            .Concat(Missing(Section("summary.csv"), RobustnessCsv.SummaryHeader))
            .ToList();
        Assert.True(missing.Count == 0, "FORMATS.md does not document " + string.Join(", ", missing));
    }
}
