using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Runs;

/// <summary>`train` locks its run directory, so two trainings of one run (two resumes of one checkpoint) cannot both
/// write it.</summary>
public sealed class TrainLockTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TrainLockTests() => IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 100, test: 40);

    public void Dispose() => _temp.Dispose();

    private TrainingJobRequest Request(int epochs, string? resume = null) =>
        new()
        {
            Overrides = resume is null
                ? TrainingOverrides
                    .None.With(TrainingSettingCatalog.Hidden, [30, 20])
                    .With(TrainingSettingCatalog.Density, 0.1)
                    .With(TrainingSettingCatalog.Epochs, epochs)
                    .With(TrainingSettingCatalog.BatchSize, 20)
                    .With(TrainingSettingCatalog.Seed, 3UL)
                : TrainingOverrides.None.With(TrainingSettingCatalog.Epochs, epochs),
            OutDirectory = resume is null ? _temp.File("run") : null,
            ResumeFrom = resume,
            Device = "cpu",
            Threads = 1,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
        };

    [Fact]
    public void A_second_resume_of_a_checkpoint_being_trained_is_refused_and_no_epoch_is_written_twice()
    {
        TrainingJob.Run(Request(1), SilentReporter.Instance, CancellationToken.None);
        var run = new RunDirectory(_temp.File("run"));

        // While the first resume is in its second epoch, a second one of the same checkpoint starts (deterministically:
        // from inside the first one's epoch callback, so the first surely holds the run directory).
        string? refusal = null;
        var first = new OnEpoch(epoch =>
        {
            if (epoch != 2)
                return;
            var e = Assert.Throws<SparseGpuException>(() =>
                TrainingJob.Run(Request(4, run.Model), SilentReporter.Instance, CancellationToken.None)
            );
            refusal = e.Message;
        });
        TrainingJob.Run(Request(3, run.Model), first, CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.StartsWith(
            $"{run.Path}: another process is using this run directory (running on {Environment.MachineName}, "
                + $"process {Environment.ProcessId}",
            refusal
        );
        Assert.Equal(["1", "2", "3"], File.ReadAllLines(run.Metrics).Skip(1).Select(l => l.Split(',')[0]));
        Assert.False(File.Exists(Path.Combine(run.Path, "running.lock")));
    }

    private sealed class OnEpoch(Action<int> action) : IRunReporter
    {
        public void Notice(string message) { }

        public void Progress(TrainingProgress progress) { }

        public void EpochCompleted(EpochMetrics metrics) => action(metrics.Epoch);
    }
}
