using System.Globalization;
using System.Text;
using SparseGpu.Tests.Kernels;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>
/// experiments/protocol-sensitivity/verdicts.py, which turns a study's aggregates into its published verdicts,
/// applies CRITERIA.md as written: on aggregates built so that each claim's outcome is known.
/// </summary>
public sealed class ProtocolVerdictsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly double[] Levels = [0, 0.1, 0.5, 0.8, 1];

    /// <summary>
    /// Two seeds per method. CH3L3 above RLR at every epoch after the first and at RLR's final accuracy (90%) from
    /// epoch 4, RLR at 5 (claim 2 holds); random removal halves accuracy by 50% (3 random fails); smallest-first
    /// keeps 98% up to 50% (3 smallest-first holds) and RLR 89% of 90% at 80% (5a's threshold is met, but with
    /// 2 seeds of 88% and 90% its one-sample test has p = 0.08: not resolved); largest-first leaves 20% at 10% (4
    /// holds); at 80% smallest-first RLR is ahead of CH3L3 by 1 point with seed spreads of 1.4 and 2.8 points (5b
    /// fails). Every seed's curve and removal result is the same except at 80% smallest-first, so the tests of
    /// claims 2, 3 and 4 have p = 0. <paramref name="rlrSpreadAt08"/> 0: RLR keeps 86% of 90% at 80% with both
    /// seeds, and 5a holds.
    /// </summary>
    private string Aggregate(bool dropOneSeed = false, double rlrSpreadAt08 = 0.02)
    {
        string sweep = _temp.File("sweep");
        string aggregate = Path.Combine(sweep, "aggregate");
        Directory.CreateDirectory(aggregate);
        var metrics = new StringBuilder(
            "run,dataset,method,seed,epoch,train_loss,train_accuracy,test_loss,test_accuracy\n"
        );
        var robustness = new StringBuilder(
            "model,method,dataset,seed,perturbation,level,repeat,accuracy,loss,links_remaining,active_neurons,"
                + "pixels_connected_fraction,log10_paths,no_input_fraction\n"
        );
        foreach (string method in new[] { "rlr", "ch3l3" })
        foreach (int seed in new[] { 1, 2 })
        {
            if (dropOneSeed && method == "ch3l3" && seed == 2)
                continue;
            string run = $"mnist-{method}-seed{seed}";
            double lead = method == "ch3l3" ? 0.03 : 0;
            for (int epoch = 1; epoch <= 5; epoch++)
            {
                double accuracy = 0.80 + 0.02 * epoch + (epoch > 1 ? lead : 0);
                metrics.Append(Invariant($"{run},mnist,{method},{seed},{epoch},0.1,0.9,0.1,{accuracy}\n"));
            }
            double final = 0.90 + lead;
            double at08 = method == "rlr" ? 0.86 + rlrSpreadAt08 * seed : 0.82 + 0.04 * seed;
            foreach (double level in Levels)
            {
                double random = final * (1 - level);
                double largest = level == 0 ? final : 0.2 * final;
                double smallest = level switch
                {
                    0 => final,
                    <= 0.5 => 0.98 * final,
                    0.8 => at08,
                    _ => 0.1,
                };
                foreach (int repeat in new[] { 0, 1 })
                    robustness.Append(
                        Invariant($"{run},{method},mnist,{seed},random,{level},{repeat},{random},1,0,0,0,0,0\n")
                    );
                robustness.Append(
                    Invariant($"{run},{method},mnist,{seed},weight-order,{level},0,{largest},1,0,0,0,0,0\n")
                );
                robustness.Append(
                    Invariant($"{run},{method},mnist,{seed},reverse-weight-order,{level},0,{smallest},1,0,0,0,0,0\n")
                );
            }
        }
        File.WriteAllText(Path.Combine(aggregate, "metrics.csv"), metrics.ToString());
        File.WriteAllText(Path.Combine(aggregate, "robustness.csv"), robustness.ToString());
        return sweep;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A sweep of the dense network (method none) with one seed at the given final accuracy.</summary>
    private string Dense(double accuracy)
    {
        string sweep = _temp.File("dense");
        Directory.CreateDirectory(Path.Combine(sweep, "aggregate"));
        File.WriteAllText(
            Path.Combine(sweep, "aggregate", "metrics.csv"),
            "run,dataset,method,seed,epoch,train_loss,train_accuracy,test_loss,test_accuracy\n"
                + Invariant($"mnist-none-seed1,mnist,none,1,1,0.1,0.9,0.1,{accuracy}\n")
        );
        return sweep;
    }

    private Dictionary<string, string> Verdicts(string sweep, string? dense = null)
    {
        string csv = _temp.File($"verdicts-{Guid.NewGuid():N}.csv");
        RunVerdicts([
            "--sweep",
            sweep,
            "--seeds",
            "2",
            "--csv",
            csv,
            .. dense is null ? Array.Empty<string>() : ["--dense", dense, "--dense-seeds", "1"],
        ]);
        return File.ReadAllLines(csv)
            .Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[1] != "across cells")
            .ToDictionary(fields => fields[2], fields => fields[3]);
    }

    /// <summary>Runs verdicts.py with <paramref name="arguments"/> and requires it to succeed.</summary>
    private static ToolRun.Result RunVerdicts(string[] arguments)
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3", "python3");
        // verdicts.py's statistics (seedstats.py) use numpy.
        ExternalTool.RequireThat(Python.Has(python, "import numpy"), "python3 with numpy");
        string script = Path.Combine(Repository.Root, "experiments", "protocol-sensitivity", "verdicts.py");
        ToolRun.Result run = ToolRun.Run(python, [script, .. arguments]);
        Assert.True(run.ExitCode == 0, run.Output);
        return run;
    }

    [SkippableFact]
    public void Each_claim_gets_the_verdict_its_criterion_gives()
    {
        Dictionary<string, string> verdicts = Verdicts(Aggregate());
        Assert.Equal("–", verdicts["1"]); // no dense reference given
        Assert.Equal("holds", verdicts["2"]);
        Assert.Equal("fails", verdicts["3 random"]);
        Assert.Equal("holds", verdicts["3 smallest-first"]);
        Assert.Equal("holds", verdicts["4"]);
        Assert.StartsWith("not resolved at n = 2 (n = ", verdicts["5a"]);
        Assert.Equal("fails", verdicts["5b"]);
    }

    [SkippableFact]
    public void A_met_threshold_holds_when_its_test_is_significant_and_the_csv_keeps_the_threshold_verdict()
    {
        string csv = _temp.File("verdicts.csv");
        RunVerdicts(["--sweep", Aggregate(rlrSpreadAt08: 0), "--seeds", "2", "--csv", csv]);
        string[] unresolved = Row(csv, "5a", Aggregate());
        string[] resolved = Row(csv, "5a");
        Assert.Equal(["holds", "holds"], resolved[3..5]);
        Assert.Equal("holds", unresolved[4]); // threshold_verdict: the rule before the amendment
        // RLR keeps 88/90 and 90/90 of its accuracy: mean ratio 0.98889 against 0.9, one-sample t with 1 df.
        double p = double.Parse(unresolved[Column(csv, "p")], CultureInfo.InvariantCulture);
        Assert.InRange(p, 0.0790, 0.0793);
        Assert.Equal("one-sample t", unresolved[Column(csv, "test")]);
    }

    /// <summary>The row of a claim in verdicts.csv: of the sweep given (rerun into a fresh CSV), or of the CSV as it
    /// is.</summary>
    private string[] Row(string csv, string claim, string? sweep = null)
    {
        if (sweep is not null)
        {
            csv = _temp.File($"verdicts-{Guid.NewGuid():N}.csv");
            RunVerdicts(["--sweep", sweep, "--seeds", "2", "--csv", csv]);
        }
        return File.ReadAllLines(csv).Select(line => line.Split(',')).First(f => f[2] == claim && f[1] == "mnist");
    }

    private static int Column(string csv, string name) => Array.IndexOf(File.ReadAllLines(csv)[0].Split(','), name);

    [SkippableTheory]
    [InlineData(0.915, "holds")] // RLR 90.0 and CH3L3 93.0: both within 2 points of 91.5
    [InlineData(0.921, "fails")] // RLR 2.1 points below
    public void Competitive_accuracy_is_within_two_points_of_the_dense_network(double dense, string expected) =>
        Assert.Equal(expected, Verdicts(Aggregate(), Dense(dense))["1"]);

    [SkippableFact]
    public void A_cell_with_a_missing_run_gives_no_verdict()
    {
        Dictionary<string, string> verdicts = Verdicts(Aggregate(dropOneSeed: true));
        Assert.All(verdicts.Values, verdict => Assert.Equal("–", verdict));
    }

    [SkippableFact]
    public void A_study_spec_not_aggregated_here_keeps_its_verdict_rows_and_an_aggregated_one_is_judged_afresh()
    {
        string results = _temp.File("results");
        Directory.CreateDirectory(results);
        Directory.Move(Aggregate(), Path.Combine(results, "topology"));
        string csv = _temp.File("verdicts.csv");
        File.WriteAllText(
            csv,
            "spec,cell,claim,verdict,numbers\n"
                + "grid,\"mnist, weight_decay=0\",2,fails,judged in an earlier sitting\n"
                + "topology,mnist,2,fails,stale: from before the topology runs were aggregated\n"
        );
        ToolRun.Result run = RunVerdicts([results, "--seeds", "2", "--csv", csv]);
        Assert.Contains("grid: not aggregated here; its 1 rows in verdicts.csv are kept", run.Output);
        string[] rows = File.ReadAllLines(csv);
        Assert.Contains(
            rows,
            row => row.StartsWith("grid,\"mnist, weight_decay=0\",2,fails,", StringComparison.Ordinal)
        );
        Assert.Contains(rows, row => row.Contains(",judged in an earlier sitting,", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, row => row.Contains("stale"));
        Assert.Contains(rows, row => row.StartsWith("topology,mnist,2,holds,", StringComparison.Ordinal));
    }
}
