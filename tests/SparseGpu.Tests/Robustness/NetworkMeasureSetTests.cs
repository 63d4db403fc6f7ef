using SparseGpu.Jobs;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Robustness;

/// <summary>`--measures` (robustness.measures in a spec): which optional network measures the rows carry, recorded
/// in robustness.json, refused on a resume that asks for others, and never changing the other columns.</summary>
public sealed class NetworkMeasureSetTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Theory]
    [InlineData(null, NetworkMeasureSet.Default)]
    [InlineData("all", NetworkMeasureSet.All)]
    [InlineData(" None ", NetworkMeasureSet.None)]
    [InlineData("efficiency", NetworkMeasureSet.Efficiency)]
    [InlineData("density,largest-component", NetworkMeasureSet.Default)]
    [InlineData("largest-component, efficiency, density", NetworkMeasureSet.All)]
    public void Names_parse_to_their_set(string? text, NetworkMeasureSet expected) =>
        Assert.Equal(expected, NetworkMeasureSets.Parse(text));

    [Fact]
    public void The_default_set_is_recorded_as_absent_and_others_by_their_canonical_name()
    {
        Assert.Null(NetworkMeasureSets.Parse(NetworkMeasureSets.DefaultName).Recorded());
        Assert.Equal("all", NetworkMeasureSets.Parse("density,efficiency,largest-component").Recorded());
        Assert.Equal("none", NetworkMeasureSet.None.Recorded());
        Assert.Equal(
            "largest-component,efficiency",
            NetworkMeasureSets.Parse("efficiency,largest-component").Recorded()
        );
    }

    [Fact]
    public void An_unknown_measure_is_a_one_line_error_naming_the_option_and_the_valid_names()
    {
        var error = Assert.Throws<InvalidSettingException>(() => NetworkMeasureSets.Parse("density,effic"));
        Assert.Equal(
            "--measures has an unknown measure 'effic'; valid: all, none, or a comma list of largest-component, "
                + "efficiency, density",
            error.Message
        );
    }

    [Fact]
    public void A_spec_takes_the_measures_stores_the_default_as_absent_and_names_a_bad_one_by_its_key()
    {
        using var temp = new TempDirectory();
        string Spec(string measures)
        {
            string path = temp.File($"spec-{Guid.NewGuid():N}.json");
            File.WriteAllText(
                path,
                """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": {"measures": """
                    + $"\"{measures}\"}}}}"
            );
            return path;
        }
        Assert.Equal(NetworkMeasureSet.All, SweepSpec.Read(Spec("all")).Robustness!.ParsedMeasures);
        SweepRobustness spelledDefault = SweepSpec.Read(Spec("density, largest-component")).Robustness!;
        Assert.Null(spelledDefault.Measures);
        Assert.Equal(RecordedRobustness.Canonical(new SweepRobustness()), RecordedRobustness.Canonical(spelledDefault));
        Assert.DoesNotContain("measures", RecordedRobustness.Canonical(new SweepRobustness()));
        string path = Spec("paths");
        Assert.Equal(
            $"{path}: robustness.measures has an unknown measure 'paths'; valid: all, none, or a comma list of "
                + "largest-component, efficiency, density",
            Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message
        );
    }

    private RobustnessRequest Request(string output, NetworkMeasureSet measures) =>
        new()
        {
            Models = [fixture.Model],
            Perturbations = "random,weight-order",
            Levels = "0:1:0.5",
            Repeats = 2,
            Device = "cpu",
            DataDirectory = fixture.DataDirectory,
            AllowDownload = false,
            OutDirectory = fixture.Scratch(output),
            Measures = measures,
        };

    private static RobustnessResult Run(RobustnessRequest request) =>
        RobustnessJob.Run(request, SilentReporter.Instance, null, CancellationToken.None);

    /// <summary>The cells of robustness.csv's rows, header left out.</summary>
    private static string[][] Cells(RobustnessResult result) =>
        File.ReadAllLines(result.RecordsFile).Skip(1).Select(l => l.Split(',')).ToArray();

    [Fact]
    public void Each_set_fills_exactly_its_columns_and_leaves_every_other_column_as_it_is()
    {
        string[][] all = Cells(Run(Request("measures-all", NetworkMeasureSet.All)));
        string[][] none = Cells(Run(Request("measures-none", NetworkMeasureSet.None)));
        string[][] standard = Cells(Run(Request("measures-default", NetworkMeasureSet.Default)));
        string[][] efficiency = Cells(Run(Request("measures-efficiency", NetworkMeasureSet.Efficiency)));
        int first = RobustnessCsv.PreNetworkMeasuresHeader.Split(',').Length; // largest_component_fraction
        int end = RobustnessCsv.PreRelativeHeader.Split(',').Length; // fraction_of_remaining follows them
        Assert.Equal(end, first + 3);
        for (int row = 0; row < all.Length; row++)
        {
            Assert.Equal(all[row][..first], none[row][..first]);
            Assert.Equal(all[row][..first], standard[row][..first]);
            Assert.Equal(all[row][..first], efficiency[row][..first]);
            Assert.All(all[row][first..end], cell => Assert.NotEqual("", cell));
            Assert.All(none[row][first..end], cell => Assert.Equal("", cell));
            Assert.Equal([all[row][first], "", all[row][first + 2]], standard[row][first..end]);
            Assert.Equal(["", all[row][first + 1], ""], efficiency[row][first..end]);
            foreach (string[][] other in new[] { none, standard, efficiency })
                Assert.Equal(all[row][end..], other[row][end..]);
        }
    }

    [Fact]
    public void The_sparse_density_is_the_sparse_links_left_over_the_links_the_sparse_layers_could_have()
    {
        // links_remaining counts the sparse layers only (robustness.json says so): their density must follow it at
        // every level, the dense read-out left out, and be the trained density at level 0.
        var network = CheckpointFile.Read(fixture.Model).State.Network;
        long possible = network.Layers.Where(l => l.Evolves).Sum(l => l.Topology.PossibleLinks);
        Assert.True(possible < network.Layers.Sum(l => l.Topology.PossibleLinks), "the read-out must count apart");
        List<RobustnessRecord> rows = RobustnessCsv.Read(
            Run(Request("measures-density", NetworkMeasureSet.Density)).RecordsFile
        );
        Assert.Contains(rows, r => r.Level == 1);
        Assert.All(rows, r => Assert.Equal((double)r.LinksRemaining / possible, r.SparseDensity, 1e-12));
        Assert.All(
            rows.Where(r => r.Level == 0),
            r =>
                Assert.Equal(
                    (double)network.Layers.Where(l => l.Evolves).Sum(l => (long)l.LinkCount) / possible,
                    r.SparseDensity,
                    1e-12
                )
        );
    }

    [Fact]
    public void Robustness_json_records_the_set_and_a_resume_with_another_set_is_refused_both_ways()
    {
        RobustnessResult standard = Run(Request("measures-resume", NetworkMeasureSet.Default));
        Assert.Null(RobustnessManifest.Read(standard.OutDirectory)!.Settings.Measures);
        Assert.DoesNotContain("measures", File.ReadAllText(Path.Combine(standard.OutDirectory, "robustness.json")));
        var added = Assert.Throws<SparseGpuException>(() => Run(Request("measures-resume", NetworkMeasureSet.All)));
        Assert.Contains("other settings (measures differ)", added.Message);

        RobustnessResult none = Run(Request("measures-resume-none", NetworkMeasureSet.None));
        Assert.Equal("none", RobustnessManifest.Read(none.OutDirectory)!.Settings.Measures);
        Run(Request("measures-resume-none", NetworkMeasureSet.None)); // the same set continues
        var removed = Assert.Throws<SparseGpuException>(() =>
            Run(Request("measures-resume-none", NetworkMeasureSet.Default))
        );
        Assert.Contains("other settings (measures differ)", removed.Message);
    }
}
