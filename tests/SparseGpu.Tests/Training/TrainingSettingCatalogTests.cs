using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

public sealed class TrainingSettingCatalogTests
{
    [Fact]
    public void Every_setting_property_has_exactly_one_catalog_entry_with_its_own_option_and_key()
    {
        IEnumerable<string> properties = typeof(TrainingSettings)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(p => p.Name);
        Assert.Equal(properties.Order(), TrainingSettingCatalog.All.Select(s => s.Property).Order());
        Assert.Equal(
            TrainingSettingCatalog.All.Count,
            TrainingSettingCatalog.All.Select(s => s.Option).Distinct().Count()
        );
        Assert.Equal(
            TrainingSettingCatalog.All.Count,
            TrainingSettingCatalog.All.Select(s => s.SpecKey).Distinct().Count()
        );
    }

    [Fact]
    public void Every_entry_sets_the_property_it_names_and_reads_back_what_it_set()
    {
        // An entry whose setter dropped its value (or wrote another property) would make its option do nothing:
        // e.g. --chain-removal parsed and silently ignored. Every scalar and list entry is given a value other than
        // its default and must land in its own property, unchanged, and nowhere else.
        var defaults = new TrainingSettings();
        int checkedEntries = 0;
        foreach (TrainingSetting setting in TrainingSettingCatalog.All)
        {
            object? before = setting.ValueIn(defaults);
            object? other = before switch
            {
                bool b => !b,
                int i => i + 3,
                ulong u => u + 3,
                double d => d + 0.375,
                string text => text + "-other",
                int[] widths => widths.Append(17).ToArray(),
                // Unset optional values ("same as --zeta", "none"): a value of the option's own type.
                null when setting.CommandLineType == typeof(string) => "other",
                null when setting.CommandLineType == typeof(double) => 0.375,
                null when setting.CommandLineType == typeof(int) => 3,
                _ => null,
            };
            if (other is null)
                continue;
            TrainingSettings changed = setting.With(defaults, other);
            PropertyInfo property = typeof(TrainingSettings).GetProperty(setting.Property)!;
            Assert.Equal(other, property.GetValue(changed));
            Assert.Equal(other, setting.ValueIn(changed));
            foreach (
                TrainingSetting rest in TrainingSettingCatalog.All.Where(r => r != setting && !Exclusive(r, setting))
            )
                Assert.Equal(
                    JsonSerializer.Serialize(rest.ValueIn(defaults)),
                    JsonSerializer.Serialize(rest.ValueIn(changed))
                );
            checkedEntries++;
        }
        // Only --density (a Densities value, not a scalar or list of one) is left out.
        Assert.Equal(TrainingSettingCatalog.All.Count - 1, checkedEntries);
    }

    /// <summary>Settings that replace each other (--fan-in and --density): setting one unsets the other.</summary>
    private static bool Exclusive(TrainingSetting a, TrainingSetting b) =>
        a.Excludes == b.Option || b.Excludes == a.Option;

    [Fact]
    public void Default_settings_serialise_as_before_any_later_setting_existed()
    {
        // The keys of the first release, in its order: a setting whose default entered this JSON would change every
        // sweep run id and config.json (see TrainingSetting.DefaultEntersRunId).
        string[] keys =
        [
            "dataset",
            "hidden",
            "density",
            "epochs",
            "batch_size",
            "learning_rate",
            "momentum",
            "weight_decay",
            "zeta",
            "update_interval",
            "regrowth",
            "seed",
            "train_limit",
        ];
        // What the run-id hash reads: unchanged, so sweep ids stay.
        JsonElement json = JsonSerializer.SerializeToElement(new TrainingSettings(), JsonFormat.RunId);
        Assert.Equal(keys, json.EnumerateObject().Select(p => p.Name));
        // What config.json and checkpoints say (issue 26 §3.9: they called the method "regrowth"), and old files read.
        JsonElement file = JsonSerializer.SerializeToElement(new TrainingSettings(), JsonFormat.Options);
        Assert.Equal(keys.Select(k => k == "regrowth" ? "method" : k), file.EnumerateObject().Select(p => p.Name));
        string old = json.GetRawText().Replace("\"rlr\"", "\"ch3l3\"");
        Assert.Equal("ch3l3", JsonSerializer.Deserialize<TrainingSettings>(old, JsonFormat.Options)!.Regrowth);
        JsonElement cosine = JsonSerializer.SerializeToElement(
            new TrainingSettings { LrSchedule = LearningRateSchedule.Cosine },
            JsonFormat.Options
        );
        Assert.Equal("cosine", cosine.GetProperty("lr_schedule").GetString());
    }

    [Fact]
    public void A_resumed_run_keeps_its_schedule_and_may_change_only_the_epochs()
    {
        var cosine = new TrainingSettings { LrSchedule = LearningRateSchedule.Cosine };
        Assert.Equal(
            "--lr-schedule linear differs from the checkpoint's cosine; a resumed run keeps its settings (only "
                + "--epochs may change)",
            Assert
                .Throws<SparseGpuException>(() =>
                    TrainingOverrides.None.With(TrainingSettingCatalog.LrSchedule, "linear").ApplyToResumed(cosine)
                )
                .Message
        );
        TrainingSettings resumed = TrainingOverrides
            .None.With(TrainingSettingCatalog.LrSchedule, "Cosine")
            .With(TrainingSettingCatalog.Epochs, 20)
            .ApplyToResumed(cosine);
        Assert.Equal((LearningRateSchedule.Cosine, 20), (resumed.LrSchedule, resumed.Epochs));
    }

    [Fact]
    public void An_unknown_schedule_is_refused_with_the_valid_names()
    {
        Assert.Equal(
            "--lr-schedule 'step' is not valid; valid: linear, cosine, constant",
            Assert
                .Throws<InvalidSettingException>(() =>
                    TrainingOverrides
                        .None.With(TrainingSettingCatalog.LrSchedule, "step")
                        .ApplyTo(new TrainingSettings())
                )
                .Message
        );
    }

    [Fact]
    public void A_checkpoint_is_written_in_version_1_unless_it_stores_a_setting_version_1_lacks()
    {
        Assert.Equal(1u, CheckpointFile.VersionFor(new TrainingSettings()));
        Assert.Equal(1u, CheckpointFile.VersionFor(new TrainingSettings { FanIn = 10, Density = null }));
        Assert.Equal(
            2u,
            CheckpointFile.VersionFor(new TrainingSettings { LrSchedule = LearningRateSchedule.Constant })
        );
        Assert.Equal(
            3u,
            CheckpointFile.VersionFor(new TrainingSettings { Dataset = "/data/own", DatasetSha256 = new('0', 64) })
        );
        var imp = new TrainingSettings { Regrowth = "imp", ImpRate = 0.5 };
        Assert.Equal(4u, CheckpointFile.VersionFor(imp));
        // Dropout is version 5, above imp's 4: a program that knows imp but not dropout refuses it, with or without
        // imp; and a dropout run at 0 stores nothing new.
        Assert.Equal(5u, CheckpointFile.VersionFor(new TrainingSettings { Dropout = 0.25 }));
        Assert.Equal(5u, CheckpointFile.VersionFor(imp with { Dropout = 0.25 }));
        Assert.Equal(1u, CheckpointFile.VersionFor(new TrainingSettings { Dropout = 0 }));
        // A method newer than version 1 raises the version at its default settings too: an older program would
        // refuse its name anyway, but imp's rewind point must never sit in a file that claims version 1.
        Assert.Equal(4u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "imp" }));
        Assert.Equal(5u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "set" }));
        Assert.Equal(1u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "ch3l3" }));
        Assert.Equal(1u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "none" }));
        // RigL came with version 6: a rigl run is version 6 with or without its options.
        Assert.Equal(6u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "rigl", RiglTEnd = 3 }));
        Assert.Equal(6u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "rigl" }));
        Assert.Equal(6u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "chts" }));
        Assert.Equal(6u, CheckpointFile.VersionFor(new TrainingSettings { Regrowth = "chts", Predictor = "ch2l3" }));
        // --init is version 6; its default er stores nothing new.
        Assert.Equal(6u, CheckpointFile.VersionFor(new TrainingSettings { Init = "ws", WsBeta = 0.5 }));
        Assert.Equal(6u, CheckpointFile.VersionFor(new TrainingSettings { Init = "csti" }));
        Assert.Equal(1u, CheckpointFile.VersionFor(new TrainingSettings { Init = "er" }));
        Assert.Equal(6u, CheckpointFile.Version);
    }

    [Fact]
    public void The_catalog_options_are_in_the_verb_guide_train_table()
    {
        string[] readme = File.ReadAllLines(Documentation.PathOf("src/SparseGpu.Cli/README.md"));
        foreach (TrainingSetting setting in TrainingSettingCatalog.All)
            Assert.Contains(readme, line => line.StartsWith($"| `--{setting.Option}`", StringComparison.Ordinal));
        string row = Assert.Single(readme, line => line.StartsWith("| `--lr-schedule`", StringComparison.Ordinal));
        Assert.StartsWith($"| `--lr-schedule` | `{TrainingSettingCatalog.LrSchedule.DefaultText}` |", row);
    }

    [Fact]
    public void Figures_tell_a_default_schedule_from_another_and_name_it()
    {
        var runs = new[]
        {
            Plotting.SeriesGrouping.Describe(new TrainingSettings()),
            Plotting.SeriesGrouping.Describe(new TrainingSettings { LrSchedule = LearningRateSchedule.Cosine }),
        };
        Assert.Equal(["lr_schedule"], Plotting.SeriesGrouping.DifferingKeys(runs));
        Assert.Equal(", lr schedule linear", Plotting.SeriesGrouping.Variant(runs[0], ["lr_schedule"]));
        Assert.DoesNotContain("seed", runs[0].Keys);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(7)]
    [InlineData(1)]
    public void The_linear_schedule_is_the_first_release_formula_bit_for_bit(int epochs)
    {
        for (int epoch = 0; epoch < epochs + 3; epoch++)
        {
            double progress = Math.Min(1.0, epoch / (0.9 * epochs));
            double before = 0.025 * (1.0 - (1.0 - 0.01) * progress);
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(before),
                BitConverter.DoubleToInt64Bits(LearningRateSchedule.Rate("linear", 0.025, epoch, epochs))
            );
        }
    }

    [Fact]
    public void Cosine_anneals_from_the_initial_rate_to_one_percent_over_ninety_percent_of_the_epochs()
    {
        Assert.Equal(0.1, LearningRateSchedule.Rate("cosine", 0.1, 0, 10), 15);
        // Halfway through the decay (epoch 4.5 of 9): the mean of start and floor.
        Assert.Equal(0.1 * (0.01 + 0.99 / 2), LearningRateSchedule.Rate("cosine", 0.1, 9, 20), 15);
        Assert.Equal(
            0.1 * (0.01 + 0.99 * (1 + Math.Cos(Math.PI * 3 / 9.0)) / 2),
            LearningRateSchedule.Rate("cosine", 0.1, 3, 10),
            15
        );
        Assert.Equal(0.001, LearningRateSchedule.Rate("cosine", 0.1, 9, 10), 15);
        Assert.Equal(0.001, LearningRateSchedule.Rate("cosine", 0.1, 95, 100), 15);
        Assert.All(Enumerable.Range(0, 12), e => Assert.Equal(0.1, LearningRateSchedule.Rate("constant", 0.1, e, 10)));
        Assert.True(
            LearningRateSchedule.Rate("cosine", 0.1, 2, 10) > LearningRateSchedule.Rate("linear", 0.1, 2, 10),
            "cosine stays higher than linear early on"
        );
    }

    internal static double[] LearningRates(string metricsPath) =>
        File.ReadLines(metricsPath)
            .Skip(1)
            .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))
            .ToArray();
}
