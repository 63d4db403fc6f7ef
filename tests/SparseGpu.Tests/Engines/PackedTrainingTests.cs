using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Engines;

/// <summary>
/// Packed training (<see cref="PackedTrainingJob"/>) against the same runs trained one at a time on the same device,
/// conformance style: every run's metrics.csv (but the wall-clock columns) and model.ckpt (but its two wall-clock
/// fields and the digest over them) byte for byte, on small awkward shapes (odd widths, a partial last batch,
/// topology updates every epoch), K = 1 and 3, different seeds, methods and data sets. A binding names the device.
/// </summary>
public abstract class PackedTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    /// <summary>The --device the runs train on.</summary>
    protected abstract string Device { get; }

    /// <summary>Skips where the device is absent.</summary>
    protected virtual void RequireDevice() { }

    public void Dispose()
    {
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    private static TrainingSettings Settings(ulong seed, string method, double dropout = 0) =>
        new()
        {
            Hidden = [9, 7],
            Density = SparseGpu.Model.Densities.Uniform(0.3),
            Epochs = 3,
            BatchSize = 7,
            Seed = seed,
            Regrowth = method,
            UpdateInterval = 1,
            Dropout = dropout,
        };

    [SkippableFact]
    public void Three_networks_of_different_seeds_and_methods_train_as_they_would_alone() =>
        AssertPackedEqualsAlone([(1, "none", 0), (2, "rlr", 0), (3, "ch3l3", 0)]);

    /// <summary>Each lane draws its masks from its own seed and epoch; a lane at 0 gets the identity mask while the
    /// others drop, and stays bit-identical to its lone run without any dropout pass.</summary>
    [SkippableFact]
    public void Networks_with_dropout_of_different_rates_train_as_they_would_alone() =>
        AssertPackedEqualsAlone([(1, "none", 0, 0.3), (2, "rlr", 0, 0), (3, "ch3l3", 1, 0.5)]);

    [SkippableFact]
    public void One_network_with_dropout_packed_trains_as_it_would_alone() =>
        AssertPackedEqualsAlone([(5, "rlr", 0, 0.25)]);

    [SkippableFact]
    public void One_network_packed_trains_as_it_would_alone() => AssertPackedEqualsAlone([(4, "ch3l3", 0)]);

    [SkippableFact]
    public void Networks_on_different_data_sets_of_one_input_size_train_as_they_would_alone() =>
        AssertPackedEqualsAlone([(1, "rlr", 0), (1, "rlr", 1), (2, "ch3l3", 1)]);

    [SkippableFact]
    public void Runs_that_differ_in_a_setting_a_pack_cannot_share_are_refused_naming_it()
    {
        RequireDevice();
        TrainingJobRequest a = Request(Settings(1, "rlr"), "a", 0),
            b = Request(Settings(2, "rlr") with { BatchSize = 8 }, "b", 0);
        var e = Assert.Throws<SparseGpuException>(() =>
            PackedTrainingJob.Run([a, b], SilentReporter.Instance, CancellationToken.None)
        );
        Assert.Contains("--batch-size is 7 in one and 8 in the other", e.Message);
        Assert.False(Directory.Exists(a.OutDirectory));
    }

    private void AssertPackedEqualsAlone(IReadOnlyList<(ulong Seed, string Method, int Data)> runs) =>
        AssertPackedEqualsAlone(runs.Select(r => (r.Seed, r.Method, r.Data, 0.0)).ToList());

    private void AssertPackedEqualsAlone(IReadOnlyList<(ulong Seed, string Method, int Data, double Dropout)> runs)
    {
        RequireDevice();
        var alone = runs.Select((r, i) => Request(Settings(r.Seed, r.Method, r.Dropout), $"alone-{i}", r.Data))
            .ToList();
        foreach (TrainingJobRequest request in alone)
            TrainingJob.Run(request, SilentReporter.Instance, CancellationToken.None);
        var packed = runs.Select((r, i) => Request(Settings(r.Seed, r.Method, r.Dropout), $"packed-{i}", r.Data))
            .ToList();
        IReadOnlyList<PackedRunOutcome> outcomes = PackedTrainingJob.Run(
            packed,
            SilentReporter.Instance,
            CancellationToken.None
        );
        Assert.All(outcomes, o => Assert.Null(o.Error));
        for (int i = 0; i < runs.Count; i++)
        {
            var one = new RunDirectory(alone[i].OutDirectory!);
            var other = new RunDirectory(packed[i].OutDirectory!);
            Assert.Equal(MetricsFiles.WithoutTimes(one.Metrics), MetricsFiles.WithoutTimes(other.Metrics));
            Assert.Equal(
                CheckpointBytes.WithoutTimes(File.ReadAllBytes(one.Model)),
                CheckpointBytes.WithoutTimes(File.ReadAllBytes(other.Model))
            );
            Assert.Equal(4, File.ReadAllLines(other.Metrics).Length);
        }
    }

    private TrainingJobRequest Request(TrainingSettings settings, string name, int data) =>
        new()
        {
            Settings = settings,
            OutDirectory = _temp.File(name),
            Device = Device,
            DataDirectory = DataDirectory(data),
            AllowDownload = false,
        };

    /// <summary>Two synthetic data sets of one input size and count (different images).</summary>
    private string DataDirectory(int which)
    {
        string directory = _temp.File($"data-{which}");
        if (!Directory.Exists(directory))
            IdxFiles.WriteSyntheticMnist(directory, train: 40, test: 23, seed: 5 + (ulong)which);
        return directory;
    }
}

/// <summary>The pack on the ILGPU CPU accelerator (simulated GPU threads; present everywhere).</summary>
public sealed class IlgpuCpuAcceleratorPackedTrainingTests : PackedTrainingTests
{
    protected override string Device => "ilgpu-cpu";
}

/// <summary>The fast CPU path, where a pack's runs go one after another.</summary>
public sealed class CpuPackedTrainingTests : PackedTrainingTests
{
    protected override string Device => "cpu";
}
