using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Robustness;

/// <summary>A small network trained once on synthetic MNIST-shaped data, shared by the robustness tests.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TrainedModelFixture()
    {
        DataDirectory = IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 400, test: 120);
        var request = new TrainingJobRequest
        {
            Overrides = TrainingOverrides
                .None.With(TrainingSettingCatalog.Hidden, [60, 40])
                .With(TrainingSettingCatalog.Density, 0.1)
                .With(TrainingSettingCatalog.Epochs, 3)
                .With(TrainingSettingCatalog.BatchSize, 16)
                .With(TrainingSettingCatalog.Seed, 11UL)
                .With(TrainingSettingCatalog.Method, "rlr"),
            OutDirectory = _temp.File("run"),
            Device = "cpu",
            DataDirectory = DataDirectory,
            AllowDownload = false,
        };
        Model = TrainingJob.Run(request, SilentReporter.Instance, CancellationToken.None).Directory.Model;
    }

    public string DataDirectory { get; }
    public string Model { get; }

    public string Scratch(string name) => _temp.File(name);

    public void Dispose() => _temp.Dispose();
}
