using SparseGpu.Cli;
using SparseGpu.Jobs;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// `--measures` without density beside a dense model (issue 27): summary.csv tells the dense model by its
/// sparse_density, so its relative-to-dense columns would be blank without a word. The verb refuses; a sweep's run,
/// trained by then, says so in a notice.
/// </summary>
public sealed class UnmeasuredDenseModelTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _data;
    private readonly string _dense;

    public UnmeasuredDenseModelTests()
    {
        _data = IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 60, test: 30);
        var request = new TrainingJobRequest
        {
            Overrides = TrainingOverrides
                .None.With(TrainingSettingCatalog.Hidden, [8])
                .With(TrainingSettingCatalog.Density, 1.0)
                .With(TrainingSettingCatalog.Epochs, 1)
                .With(TrainingSettingCatalog.BatchSize, 10)
                .With(TrainingSettingCatalog.Method, "none"),
            OutDirectory = _temp.File("dense"),
            Device = "cpu",
            DataDirectory = _data,
            AllowDownload = false,
        };
        _dense = TrainingJob.Run(request, SilentReporter.Instance, CancellationToken.None).Directory.Model;
    }

    public void Dispose() => _temp.Dispose();

    private CliRunner.Result Robustness(string output, string measures) =>
        CliRunner.Run(
            "robustness",
            "--model",
            _dense,
            "--perturbations",
            "random",
            "--levels",
            "0,1",
            "--repeats",
            "1",
            "--measures",
            measures,
            "--device",
            "cpu",
            "--data-dir",
            _data,
            "--no-download",
            "--no-plots",
            "--out",
            output
        );

    [Theory]
    [InlineData("largest-component")]
    [InlineData("none")]
    public void The_verb_refuses_measures_without_density_for_a_dense_model(string measures)
    {
        string output = _temp.File($"refused-{measures}");
        CliRunner.Result refused = Robustness(output, measures);
        Assert.Equal(CliApp.UsageError, refused.ExitCode);
        Assert.Equal(
            $"error: --measures {measures} leaves out density, and {_dense} is dense: summary.csv could not tell it "
                + "and would leave its relative-to-dense columns blank; add density to the list; see sparsegpu "
                + "robustness --help",
            Assert.Single(refused.ErrorLines)
        );
        Assert.False(Directory.Exists(output));
        string withDensity = measures == "none" ? "density" : measures + ",density";
        Assert.Equal(CliApp.Success, Robustness(_temp.File($"with-density-{measures}"), withDensity).ExitCode);
    }

    [Fact]
    public void A_sweeps_run_goes_on_and_says_the_columns_stay_blank()
    {
        var notices = new NoticeRecorder();
        RobustnessJob.Run(
            new RobustnessRequest
            {
                Models = [_dense],
                Perturbations = "random",
                Levels = "0,1",
                Repeats = 1,
                Device = "cpu",
                DataDirectory = _data,
                AllowDownload = false,
                OutDirectory = _temp.File("sweep-run"),
                Measures = NetworkMeasureSet.LargestComponent,
                RefuseUnmeasuredDenseModel = false,
            },
            notices,
            null,
            CancellationToken.None
        );
        Assert.Contains(
            $"--measures largest-component leaves out density, and {_dense} is dense: summary.csv could not tell it "
                + "and would leave its relative-to-dense columns blank; add density to the list",
            notices.Notices
        );
    }
}
