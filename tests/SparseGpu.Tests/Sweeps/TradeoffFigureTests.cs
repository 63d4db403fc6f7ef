using System.Globalization;
using ScottPlot;
using SparseGpu.Plotting;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>The accuracy–compressibility figure of a grid sweep: one point per method and combination of varied
/// settings, mean ± std over its seeds both ways, markers that tell the combinations apart.</summary>
public sealed class TradeoffFigureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private IReadOnlyList<RunPlan> Plan(string training)
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(
            path,
            $$"""
            {
              "name": "grid",
              "datasets": ["mnist"],
              "methods": ["rlr", "ch3l3"],
              "seeds": [1, 2],
              "training": {{training}},
              "device": "cpu"
            }
            """
        );
        return SweepPlan.Expand(SweepSpec.Read(path));
    }

    private const string WeightDecayByLearningRate =
        """{ "weight_decay": [0, 1e-4], "learning_rate": [0.025, 0.05] }""";

    /// <summary>Per run: accuracy 90 + seed + 2·(learning rate index), and at 80% removal 50 + 10·seed (+ 5 for
    /// weight decay 1e-4), so each point's mean and std are known.</summary>
    private static List<SettingMeasure> Measures(IReadOnlyList<RunPlan> plan, bool withRemoval = true)
    {
        var measures = new List<SettingMeasure>();
        foreach (RunPlan run in plan)
        {
            double lrIndex = run.VariedSettings.Any(v => v is { Name: "learning_rate", Value: "0.05" }) ? 1 : 0;
            double decayed = run.VariedSettings.Any(v => v is { Name: "weight_decay", Value: "1e-4" }) ? 5 : 0;
            measures.Add(Measure(run, TradeoffFigure.XMeasure, 90 + run.Seed + 2 * lrIndex));
            if (withRemoval)
                measures.Add(Measure(run, TradeoffFigure.YMeasure, 50 + 10 * run.Seed + decayed));
            measures.Add(Measure(run, "auc-random", 40));
        }
        return measures;
    }

    private static SettingMeasure Measure(RunPlan run, string measure, double value) =>
        new(run.Dataset, run.Method, run.VariedSettings, run.Id, measure, measure, value);

    [Fact]
    public void Each_method_and_combination_is_one_point_with_its_seed_spread_in_both_directions()
    {
        IReadOnlyList<RunPlan> plan = Plan(WeightDecayByLearningRate);
        var (files, notices) = TradeoffFigure.Render(
            Measures(plan),
            VariedSettings.Of(plan),
            _temp.Path,
            new FigureOptions()
        );

        Assert.Empty(notices);
        string png = Assert.Single(files);
        Assert.Equal(TradeoffFigure.FileName("mnist"), Path.GetFileName(png));
        Assert.True(new FileInfo(png).Length > 1000);
        string[] csv = File.ReadAllLines(FigureCsv.Of(png));
        Assert.Equal(FigureTable.BothWaysHeader, csv[0]);
        // 2 methods x 4 combinations; seeds 1 and 2 give x 91.5 (+2 at lr 0.05) ± 0.707, y 65 (+5) ± 7.07.
        Assert.Equal(8, csv.Length - 1);
        string std1 = Math.Sqrt(0.5).ToString("R", CultureInfo.InvariantCulture);
        string std10 = Math.Sqrt(50).ToString("R", CultureInfo.InvariantCulture);
        Assert.Contains($"mnist,\"RLR, weight_decay=1e-4, learning_rate=0.05\",93.5,{std1},70,{std10},2,percent", csv);
        Assert.Contains($"mnist,\"CH3L3, weight_decay=0, learning_rate=0.025\",91.5,{std1},65,{std10},2,percent", csv);
    }

    [Fact]
    public void Markers_take_their_shape_from_the_first_setting_and_their_fill_from_the_second()
    {
        IReadOnlyList<RunPlan> plan = Plan(WeightDecayByLearningRate);
        var varied = VariedSettings.Of(plan);
        var markers = TradeoffFigure.Markers(
            plan.Select(r => VariedSettings.Key(r.VariedSettings)).Distinct().ToList(),
            varied
        );
        MarkerShape Of(string decay, string rate) =>
            markers([new VariedSetting("weight_decay", decay), new VariedSetting("learning_rate", rate)]);

        Assert.Equal(MarkerShape.FilledCircle, Of("0", "0.025"));
        Assert.Equal(MarkerShape.OpenCircle, Of("0", "0.05"));
        Assert.Equal(MarkerShape.FilledSquare, Of("1e-4", "0.025"));
        Assert.Equal(MarkerShape.OpenSquare, Of("1e-4", "0.05"));
    }

    [Fact]
    public void Settings_that_do_not_fit_shape_and_fill_get_one_distinct_marker_per_combination()
    {
        IReadOnlyList<RunPlan> plan = Plan("""{ "zeta": [0.1, 0.3, 0.5], "density": [0.005, 0.01, 0.02] }""");
        var combinations = plan.Select(r => VariedSettings.Key(r.VariedSettings)).Distinct().ToList();
        var markers = TradeoffFigure.Markers(combinations, VariedSettings.Of(plan));

        var drawn = plan.Select(r => markers(r.VariedSettings)).Distinct().ToList();
        Assert.Equal(9, drawn.Count);
    }

    [Fact]
    public void Without_smallest_first_removal_or_with_too_many_combinations_it_says_why_and_draws_nothing()
    {
        IReadOnlyList<RunPlan> plan = Plan(WeightDecayByLearningRate);
        var (files, notices) = TradeoffFigure.Render(
            Measures(plan, withRemoval: false),
            VariedSettings.Of(plan),
            _temp.Path,
            new FigureOptions()
        );
        Assert.Empty(files);
        Assert.Contains("no reverse-weight-order robustness sweep", Assert.Single(notices));

        string zetas = string.Join(
            ", ",
            Enumerable.Range(1, TradeoffFigure.MaxCombinations + 1).Select(i => i / 100.0)
        );
        IReadOnlyList<RunPlan> many = Plan($$"""{ "zeta": [{{zetas}}] }""");
        (files, notices) = TradeoffFigure.Render(
            Measures(many),
            VariedSettings.Of(many),
            _temp.Path,
            new FigureOptions()
        );
        Assert.Empty(files);
        Assert.Contains("17 combinations of varied settings", Assert.Single(notices));
        Assert.Empty(Directory.GetFiles(_temp.Path, "tradeoff-*"));
    }
}
