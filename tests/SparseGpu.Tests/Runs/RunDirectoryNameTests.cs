using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

/// <summary>Default run folders: readable, never shared by two runs.</summary>
public sealed class RunDirectoryNameTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 11, 30, 12, 0, 5);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_default_name_shows_data_set_method_seed_time_and_a_suffix()
    {
        string path = RunDirectory.DefaultFor(new TrainingSettings(), Noon, () => "0a1b2c");
        Assert.Equal(Path.Combine("runs", "mnist-rlr-seed1-20261130-120005-0a1b2c"), path);
    }

    [Theory]
    [InlineData(0.005, new[] { 1000, 1000, 1000 }, "mnist-ch3l3-d0.005-seed2-")]
    [InlineData(0.01, new[] { 2000, 2000, 2000 }, "mnist-ch3l3-h3x2000-seed2-")]
    [InlineData(0.02, new[] { 500, 300 }, "mnist-ch3l3-d0.02-h500-300-seed2-")]
    public void Density_and_widths_appear_when_not_the_defaults(double density, int[] hidden, string start)
    {
        var settings = new TrainingSettings
        {
            Density = density,
            Hidden = hidden,
            Regrowth = "ch3l3",
            Seed = 2,
        };
        Assert.StartsWith(Path.Combine("runs", start), RunDirectory.DefaultFor(settings, Noon, () => "ffffff"));
    }

    [Fact]
    public void Two_runs_started_in_the_same_second_get_different_folders()
    {
        // Used to be runs/mnist-rlr-seed1-TIME for both, and the second failed advising --resume.
        var names = Enumerable
            .Range(0, 200)
            .Select(_ => RunDirectory.DefaultFor(new TrainingSettings(), Noon, RunDirectory.RandomSuffix))
            .ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("-[0-9a-f]{6}$", n));
    }

    [Fact]
    public void A_folder_that_exists_is_skipped()
    {
        var suffixes = new Queue<string>(["aaaaaa", "bbbbbb"]);
        Directory.CreateDirectory(_temp.File("mnist-rlr-seed1-20261130-120005-aaaaaa"));
        string path = RunDirectory.DefaultFor(new TrainingSettings(), Noon, suffixes.Dequeue, _temp.Path);
        Assert.Equal(_temp.File("mnist-rlr-seed1-20261130-120005-bbbbbb"), path);
    }

    [Fact]
    public void A_taken_folder_suggests_resume_only_when_there_is_a_checkpoint_to_resume()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 40, test: 10);
        string run = _temp.File("run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "metrics.csv"), "epoch\n1\n");
        var request = new TrainingJobRequest
        {
            Overrides = TrainingOverrides
                .None.With(TrainingSettingCatalog.Hidden, [8])
                .With(TrainingSettingCatalog.Epochs, 1),
            OutDirectory = run,
            Device = "cpu",
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
        };
        var e = Assert.Throws<SparseGpuException>(() =>
            TrainingJob.Run(request, SilentReporter.Instance, CancellationToken.None)
        );
        Assert.Equal(
            $"{run}: holds metrics of a run but no model.ckpt to resume from; choose another --out",
            e.Message
        );

        File.WriteAllText(Path.Combine(run, "model.ckpt"), "");
        e = Assert.Throws<SparseGpuException>(() =>
            TrainingJob.Run(request, SilentReporter.Instance, CancellationToken.None)
        );
        Assert.Equal(
            $"{run}: already holds a run; resume it with --resume {run}/model.ckpt or choose another --out",
            e.Message
        );
    }
}
