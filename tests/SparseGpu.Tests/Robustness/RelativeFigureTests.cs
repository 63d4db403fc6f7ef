using System.Globalization;
using SkiaSharp;
using SparseGpu.Cli;
using SparseGpu.Plotting;
using SparseGpu.Robustness;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// `plot robustness --relative-to METHOD` on the hand-made sweep Golden/relative/robustness.csv (its README works
/// every ratio out): the numbers drawn, the files and their size, and every refusal.
/// </summary>
public sealed class RelativeFigureTests : IDisposable
{
    private const double Tolerance = 1e-12;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string GoldenCsv =>
        Path.Combine(AppContext.BaseDirectory, "Robustness", "Golden", "relative", "robustness.csv");

    private static List<RobustnessRecord> Rows() => RobustnessCsv.Read(GoldenCsv);

    private IReadOnlyList<string> Draw(
        List<RobustnessRecord> rows,
        string baseline,
        string folder,
        FigureOptions? options = null
    ) =>
        RobustnessFigures.Render(
            rows,
            _temp.File(folder),
            options ?? new FigureOptions(),
            null,
            RelativeBaseline.Of(rows, baseline)
        );

    /// <summary>The figure CSV's rows by (series, x): mean, std, samples and unit.</summary>
    private static Dictionary<(string Series, double X), (double Mean, double Std, int Samples, string Unit)> Drawn(
        string figureCsv
    )
    {
        string[] lines = File.ReadAllLines(figureCsv);
        Assert.Equal(FigureTable.Header, lines[0]);
        return lines
            .Skip(1)
            .Select(CsvText.Split)
            .ToDictionary(
                f => (f[1], double.Parse(f[2], CultureInfo.InvariantCulture)),
                f =>
                    (
                        double.Parse(f[3], CultureInfo.InvariantCulture),
                        double.Parse(f[4], CultureInfo.InvariantCulture),
                        int.Parse(f[7], CultureInfo.InvariantCulture),
                        f[8]
                    )
            );
    }

    private static void AssertPoint(
        Dictionary<(string Series, double X), (double Mean, double Std, int Samples, string Unit)> drawn,
        string series,
        double level,
        double mean,
        double std,
        int models
    )
    {
        var point = drawn[(series, level)];
        Assert.True(Math.Abs(point.Mean - mean) < Tolerance, $"{series} at {level}: mean {point.Mean}, not {mean}");
        Assert.True(Math.Abs(point.Std - std) < Tolerance, $"{series} at {level}: std {point.Std}, not {std}");
        Assert.Equal(models, point.Samples);
    }

    [Fact]
    public void Ratios_to_the_dense_models_are_the_hand_computed_ones()
    {
        IReadOnlyList<string> files = Draw(Rows(), "dense", "dense");
        Assert.Equal(
            [
                "robustness-random-relative-to-dense.png",
                "robustness-fgsm-relative-to-dense.png",
                "robustness-grid-relative-to-dense.png",
            ],
            files.Select(Path.GetFileName)
        );
        var random = Drawn(_temp.File("dense", "robustness-random-relative-to-dense.figure.csv"));
        Assert.Equal(3 * 3, random.Count); // three series, three levels: none left out
        Assert.All(random.Values, p => Assert.Equal("accuracy relative to dense", p.Unit));
        double half = Math.Sqrt(2) / 8,
            quarter = Math.Sqrt(2) / 4; // the sample std of {a, a ± 0.25}
        AssertPoint(random, "RLR (2 models × 2 repeats)", 0, 0.875, half, 2);
        AssertPoint(random, "RLR (2 models × 2 repeats)", 0.5, 0.5, half, 2);
        AssertPoint(random, "RLR (2 models × 2 repeats)", 1, 0.75, quarter, 2);
        AssertPoint(random, "CH3L3 (1 model)", 0, 1, 0, 1);
        AssertPoint(random, "CH3L3 (1 model)", 0.5, 1, 0, 1);
        AssertPoint(random, "CH3L3 (1 model)", 1, 2, 0, 1);
        // The dense models themselves: mean 1 at every level, spread only where they differ (0.97 and 0.95 at 0).
        const string dense = "static (2 models × 2 repeats)";
        AssertPoint(random, dense, 0, 1, Math.Sqrt(2) * 0.01 / 0.96, 2);
        AssertPoint(random, dense, 0.5, 1, 0, 2);

        var fgsm = Drawn(_temp.File("dense", "robustness-fgsm-relative-to-dense.figure.csv"));
        AssertPoint(fgsm, "RLR (2 models)", 0.1, 0.375, half, 2);
        AssertPoint(fgsm, "CH3L3 (1 model)", 0.1, 1.5, 0, 1);
        AssertPoint(fgsm, "static (2 models)", 0.1, 1, quarter, 2);
    }

    [Fact]
    public void A_method_is_a_baseline_by_its_name_in_any_case()
    {
        IReadOnlyList<string> files = Draw(Rows(), "RLR", "rlr");
        Assert.Equal("robustness-random-relative-to-rlr.png", Path.GetFileName(files[0]));
        var random = Drawn(_temp.File("rlr", "robustness-random-relative-to-rlr.figure.csv"));
        Assert.All(random.Values, p => Assert.Equal("accuracy relative to RLR", p.Unit));
        // RLR's mean at 0.5 over 2 models × 2 repeats: (0.4 + 0.6 + 0.3 + 0.3) / 4 = 0.4; CH3L3 has 0.8 there.
        AssertPoint(random, "CH3L3 (1 model)", 0.5, 2, 0, 1);
        // At 1: RLR's mean (0.1 + 0.1 + 0.05 + 0.05) / 4 = 0.075; CH3L3 0.2 / 0.075.
        AssertPoint(random, "CH3L3 (1 model)", 1, 0.2 / 0.075, 0, 1);
        // RLR against itself: 0.96 / 0.84 and 0.72 / 0.84 at 0, mean 1.
        AssertPoint(random, "RLR (2 models × 2 repeats)", 0, 1, Math.Sqrt(2) * 0.12 / 0.84, 2);
    }

    [Fact]
    public void Relative_pngs_decode_with_the_requested_size()
    {
        IReadOnlyList<string> files = Draw(Rows(), "dense", "size", new FigureOptions(640, 480, 120));
        Assert.Equal((800, 600), Size(files[0]));
        Assert.Equal((1125, 600), Size(files[^1])); // two panels of at least 450 x 380, at 120 DPI
    }

    /// <summary>robustness.json's settings of a model, as <see cref="RobustnessInputs"/> reads them.</summary>
    private static IReadOnlyDictionary<string, string> Setting(string epochs, string repeatSeed = "training seed") =>
        new Dictionary<string, string>
        {
            ["epochs"] = epochs,
            ["hidden"] = "100×100",
            ["scope"] = "sparse",
            ["repeat_seed"] = repeatSeed,
        };

    [Fact]
    public void A_baseline_of_models_trained_with_different_settings_is_refused()
    {
        // Issue 27: the dense models' mean pooled a 10-epoch and a 20-epoch model without a word.
        var pooled = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["d1.ckpt"] = Setting("10"),
            ["d2.ckpt"] = Setting("20"),
        };
        Assert.Equal(
            "--relative-to dense: its models on mnist differ in epochs (10 in d1.ckpt, 20 in d2.ckpt), and its mean "
                + "would pool differently trained or swept networks; give the inputs of one setting",
            Assert.Throws<SparseGpuException>(() => RelativeBaseline.Of(Rows(), "dense", pooled)).Message
        );
        // The seeds may differ, models outside the baseline may differ, and a model of unknown settings is not
        // compared.
        var allowed = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["d1.ckpt"] = Setting("10"),
            ["d2.ckpt"] = Setting("10", repeatSeed: "3"),
            ["r1.ckpt"] = Setting("20"),
        };
        Assert.Equal("dense", RelativeBaseline.Of(Rows(), "dense", allowed).Name);
    }

    private const string NothingToDivideBy =
        ", so those curves would have nothing to be divided by; add the baseline's sweep of them as another --input";

    public static TheoryData<string, string> Refusals =>
        new()
        {
            {
                "absent method",
                "--relative-to set: no model of that method in the inputs; their methods: rlr, ch3l3, static, "
                    + "or dense"
            },
            {
                "no dense model",
                "--relative-to dense: no model in the inputs is dense (sparse_density 1 at level 0; a sweep whose "
                    + "--measures left out density, or written before that column existed, records none)"
            },
            {
                "missing perturbation",
                "--relative-to dense: the baseline lacks fgsm on mnist (rlr and ch3l3 have it)" + NothingToDivideBy
            },
            {
                "missing data set",
                "--relative-to dense: the baseline lacks data set fashion-mnist (rlr has it)" + NothingToDivideBy
            },
            {
                "level missing",
                "--relative-to dense: rlr (model r1.ckpt) under random on mnist lacks level 0.5, which dense has; "
                    + "the ratio needs one level grid"
            },
            {
                "extra level",
                "--relative-to dense: rlr (model r1.ckpt) under random on mnist has level 0.75, which dense lacks; "
                    + "the ratio needs one level grid"
            },
            {
                "zero baseline",
                "--relative-to dense: dense's mean accuracy under fgsm on mnist is 0 at level 0.1, so the ratio is "
                    + "undefined there"
            },
        };

    /// <summary>The golden sweep changed so that one check fails, and the baseline that check is for.</summary>
    private static (List<RobustnessRecord> Rows, string Baseline) Broken(string problem)
    {
        List<RobustnessRecord> rows = Rows();
        bool IsDense(RobustnessRecord r) => r.Model is "d1.ckpt" or "d2.ckpt";
        return problem switch
        {
            "absent method" => (rows, "set"),
            "no dense model" => (rows.Select(r => r with { SparseDensity = double.NaN }).ToList(), "dense"),
            "missing perturbation" => (rows.Where(r => !(IsDense(r) && r.Perturbation == "fgsm")).ToList(), "dense"),
            "missing data set" => (
                [.. rows, .. rows.Where(r => r.Method == "rlr").Select(r => r with { Dataset = "fashion-mnist" })],
                "dense"
            ),
            "level missing" => (
                rows.Select(r => r.Model == "r1.ckpt" && r.Level == 0.5 ? r with { Level = 0.55 } : r).ToList(),
                "dense"
            ),
            "extra level" => (
                [.. rows, rows.First(r => r.Model == "r1.ckpt" && r.Perturbation == "random") with { Level = 0.75 }],
                "dense"
            ),
            "zero baseline" => (
                rows.Select(r => IsDense(r) && r.Perturbation == "fgsm" && r.Level == 0.1 ? r with { Accuracy = 0 } : r)
                    .ToList(),
                "dense"
            ),
            _ => throw new ArgumentException(problem),
        };
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Every_undefined_ratio_is_refused_in_one_line_before_any_file(string problem, string expected)
    {
        var (rows, baseline) = Broken(problem);
        var e = Assert.ThrowsAny<SparseGpuException>(() => RelativeBaseline.Of(rows, baseline));
        Assert.Equal(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // An absent baseline is a wrong option value (exit 2); the others are what the inputs lack (exit 1).
        Assert.Equal(problem == "absent method" || problem == "no dense model", e is InvalidSettingException);

        string input = _temp.File(problem.Replace(' ', '-') + ".csv");
        RobustnessCsv.Write(input, rows);
        string output = _temp.File(problem.Replace(' ', '-'));
        CliRunner.Result result = CliRunner.Run(
            "plot",
            "robustness",
            "--input",
            input,
            "--out",
            output,
            "--relative-to",
            baseline
        );
        Assert.Equal(e is InvalidSettingException ? CliApp.UsageError : CliApp.Failure, result.ExitCode);
        Assert.StartsWith("error: " + expected, Assert.Single(result.ErrorLines));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void The_cli_draws_only_relative_figures_and_neither_drawing_removes_the_others()
    {
        string output = _temp.File("cli");
        CliRunner.Result absolute = CliRunner.Run("plot", "robustness", "--input", GoldenCsv, "--out", output);
        Assert.Equal(CliApp.Success, absolute.ExitCode);
        string[] before = Directory.GetFiles(output).Order().ToArray();

        CliRunner.Result relative = CliRunner.Run(
            "plot",
            "robustness",
            "--input",
            GoldenCsv,
            "--out",
            output,
            "--relative-to",
            "dense"
        );
        Assert.Equal(CliApp.Success, relative.ExitCode);
        Assert.Equal("", relative.Error);
        Assert.Equal(
            [
                "robustness-random-relative-to-dense.png",
                "robustness-fgsm-relative-to-dense.png",
                "robustness-grid-relative-to-dense.png",
            ],
            relative.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileName)
        );
        Assert.All(before, f => Assert.True(File.Exists(f), f));

        // Redrawn absolute, then relative to another baseline: every earlier figure stays.
        Assert.Equal(
            CliApp.Success,
            CliRunner.Run("plot", "robustness", "--input", GoldenCsv, "--out", output).ExitCode
        );
        Assert.Equal(
            CliApp.Success,
            CliRunner.Run("plot", "robustness", "--input", GoldenCsv, "--out", output, "--relative-to", "rlr").ExitCode
        );
        Assert.True(File.Exists(Path.Combine(output, "robustness-grid-relative-to-dense.png")));
        Assert.True(File.Exists(Path.Combine(output, "robustness-grid.png")));

        // A perturbation no longer in the inputs: its relative figure goes, the absolute ones stay.
        string randomOnly = _temp.File("random-only.csv");
        RobustnessCsv.Write(randomOnly, Rows().Where(r => r.Perturbation == "random"));
        CliRunner.Result redrawn = CliRunner.Run(
            "plot",
            "robustness",
            "--input",
            randomOnly,
            "--out",
            output,
            "--relative-to",
            "dense"
        );
        Assert.Equal(CliApp.Success, redrawn.ExitCode);
        Assert.False(File.Exists(Path.Combine(output, "robustness-fgsm-relative-to-dense.png")));
        Assert.Contains("removed robustness-fgsm-relative-to-dense.png, left by an earlier drawing", redrawn.Error);
        Assert.True(File.Exists(Path.Combine(output, "robustness-fgsm.png")));
        Assert.True(File.Exists(Path.Combine(output, "robustness-fgsm-relative-to-rlr.png")));
    }

    [Fact]
    public void Relative_to_is_refused_for_training_figures()
    {
        CliRunner.Result result = CliRunner.Run("plot", "training", "--runs", "x", "--relative-to", "dense");
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Contains("--relative-to", Assert.Single(result.ErrorLines));
    }

    private static (int Width, int Height) Size(string png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException($"{png} does not decode");
        return (bitmap.Width, bitmap.Height);
    }
}
