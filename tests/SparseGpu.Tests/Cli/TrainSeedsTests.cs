using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cli;

/// <summary>`train --seeds`: one run folder per seed, each as `train --seed` alone writes it.</summary>
public sealed class TrainSeedsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("ilgpu-cpu")]
    [InlineData("cpu")]
    public void Each_seed_gets_its_own_run_folder_with_the_lone_runs_metrics(string device)
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 30, test: 11);
        string[] common =
        [
            "train",
            "--hidden",
            "6,5",
            "--density",
            "0.4",
            "--epochs",
            "2",
            "--batch-size",
            "8",
            "--device",
            device,
            "--data-dir",
            _temp.Path,
            "--no-download",
            "--quiet",
        ];
        CliRunner.Result packed = CliRunner.Run([.. common, "--seeds", "3,7", "--out", _temp.File("seeds")]);
        Assert.Equal(CliApp.Success, packed.ExitCode);
        Assert.Equal(2, packed.Output.Split('\n').Count(l => l.StartsWith("seed ", StringComparison.Ordinal)));
        foreach (string seed in new[] { "3", "7" })
        {
            CliRunner.Result alone = CliRunner.Run([.. common, "--seed", seed, "--out", _temp.File($"alone-{seed}")]);
            Assert.Equal(CliApp.Success, alone.ExitCode);
            Assert.Equal(
                MetricsFiles.WithoutTimes(new RunDirectory(_temp.File($"alone-{seed}")).Metrics),
                MetricsFiles.WithoutTimes(new RunDirectory(Path.Combine(_temp.File("seeds"), $"seed-{seed}")).Metrics)
            );
        }
    }
}
