using SparseGpu.Data;
using SparseGpu.Jobs;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Training;

/// <summary>--init reaches the trained network and the run's files: a static run (--method none) keeps its
/// first topology, which must be the rule's on the images the run trains on.</summary>
public sealed class InitialTopologyTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private (RunDirectory Run, string Data) Train(string name, TrainingOverrides extra)
    {
        string data = IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 240, test: 60);
        var run = new RunDirectory(_temp.File(name));
        TrainingOverrides overrides = TrainingOverrides
            .None.With(TrainingSettingCatalog.Hidden, [784])
            .With(TrainingSettingCatalog.Density, 0.01)
            .With(TrainingSettingCatalog.Epochs, 1)
            .With(TrainingSettingCatalog.Seed, 4UL)
            .With(TrainingSettingCatalog.Method, "none")
            .With(TrainingSettingCatalog.TrainLimit, 200)
            .With(TrainingSettingCatalog.Validation, 50.0);
        foreach ((TrainingSetting setting, object value) in extra.Given)
            overrides = overrides.WithValue(setting, value);
        TrainingJob.Run(
            new TrainingJobRequest
            {
                Overrides = overrides,
                OutDirectory = run.Path,
                Device = "cpu",
                DataDirectory = data,
                AllowDownload = false,
            },
            SilentReporter.Instance,
            CancellationToken.None
        );
        return (run, data);
    }

    [Fact]
    public void Csti_takes_its_correlations_from_the_images_the_run_trains_on()
    {
        (RunDirectory run, string data) = Train(
            "csti",
            TrainingOverrides.None.With(TrainingSettingCatalog.Init, "csti")
        );
        // --train-limit 200 less the 50 held out for validation: the first 150 training images.
        ImageSet train = DatasetLoader.Load(data, DatasetCatalog.MnistInfo).Train.Take(150);
        LayerTopology expected = new CorrelatedTopology(784, PixelCorrelations.Of(train)).Draw(0, 784, 784, 6146, 4);
        Checkpoint checkpoint = CheckpointFile.Read(run.Model);
        Assert.Equal(expected.Keys(), checkpoint.State.Network.Layers[0].Topology.Keys());
        Assert.NotEqual(ErdosRenyiTopology.Instance.Draw(0, 784, 784, 6146, 4).Keys(), expected.Keys());
        Assert.Equal("csti", checkpoint.Settings.Init);
        Assert.Contains("\"init\": \"csti\"", File.ReadAllText(run.Config));
    }

    [Fact]
    public void Ws_at_beta_zero_trains_on_the_lattice_and_records_both_settings()
    {
        (RunDirectory run, _) = Train(
            "ws",
            TrainingOverrides.None.With(TrainingSettingCatalog.Init, "ws").With(TrainingSettingCatalog.WsBeta, 0.0)
        );
        Checkpoint checkpoint = CheckpointFile.Read(run.Model);
        Assert.Equal(WattsStrogatzTopology.Lattice(784, 784, 6146), checkpoint.State.Network.Layers[0].Topology.Keys());
        Assert.Equal(0.0, checkpoint.Settings.WsBeta);
        string config = File.ReadAllText(run.Config);
        Assert.Contains("\"init\": \"ws\"", config);
        Assert.Contains("\"ws_beta\": 0", config);
    }

    [Fact]
    public void The_default_er_is_not_written_to_the_run()
    {
        (RunDirectory run, _) = Train("er", TrainingOverrides.None);
        Assert.DoesNotContain("init", File.ReadAllText(run.Config));
        Assert.DoesNotContain("ws_beta", File.ReadAllText(run.Config));
    }
}
