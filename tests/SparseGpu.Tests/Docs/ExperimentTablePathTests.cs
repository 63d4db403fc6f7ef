using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Docs;

/// <summary>
/// Issue 29 §3: a committed table of a study names its models by paths relative to the study (or by run id), never by
/// an absolute path of the machine that wrote it (experiments/robustness-mnist/summary.csv held /work/... paths).
/// </summary>
public sealed class ExperimentTablePathTests
{
    /// <summary>The fields of a CSV or TSV line that are absolute paths (Unix, or a Windows drive).</summary>
    internal static IEnumerable<string> AbsolutePaths(string line) =>
        line.Split(',', '\t', ';')
            .Select(f => f.Trim().Trim('"'))
            .Where(f =>
                f.StartsWith('/') || (f.Length > 2 && char.IsAsciiLetter(f[0]) && f[1] == ':' && f[2] is '\\' or '/')
            );

    [Fact]
    public void No_committed_experiment_table_holds_an_absolute_path()
    {
        string experiments = Path.Combine(Repository.Root, "experiments");
        var found = new List<string>();
        int tables = 0;
        foreach (string file in Directory.EnumerateFiles(experiments, "*.csv", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(experiments, file);
            // Run outputs are git-ignored (experiments/**/results/), not committed.
            if (relative.Split(Path.DirectorySeparatorChar).Contains("results"))
                continue;
            tables++;
            int number = 0;
            foreach (string line in File.ReadLines(file))
            {
                number++;
                found.AddRange(AbsolutePaths(line).Select(path => $"{relative}:{number}: {path}"));
            }
        }
        Assert.True(tables > 50, $"{tables} tables found"); // the studies' tables are there to check
        Assert.True(found.Count == 0, string.Join("\n", found.Take(10)));
    }

    [Theory]
    [InlineData("/work/main/experiments/rlr-vs-ch3l3/results/rlr-default-seed1/model.ckpt,rlr,mnist", true)]
    [InlineData("\"/home/me/model.ckpt\",rlr", true)]
    [InlineData("C:\\runs\\model.ckpt,rlr", true)]
    [InlineData("../rlr-vs-ch3l3/results/rlr-default-seed1/model.ckpt,rlr,mnist,1,random,0.9567", false)]
    [InlineData("mnist-rlr-seed1-215b4cee,rlr,mnist,1,random,0.9679,0.358633", false)]
    public void An_absolute_path_in_a_line_is_found(string line, bool absolute)
    {
        Assert.Equal(absolute, AbsolutePaths(line).Any());
    }
}
