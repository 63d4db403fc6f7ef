using System.Text.Json;
using SparseGpu.Cli;
using SparseGpu.Data;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cli;

/// <summary>The verbs end to end, in-process, on synthetic or real data.</summary>
public sealed class CliCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string[] SmallRun(string name, params string[] extra) =>
        [
            "train",
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--out",
            _temp.File(name),
            "--hidden",
            "60,40",
            "--density",
            "0.1",
            "--batch-size",
            "16",
            "--device",
            "cpu",
            .. extra,
        ];

    [Fact]
    public void Train_writes_config_metrics_and_checkpoints_then_evaluate_reads_them()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 160, test: 50);
        CliRunner.Result train = CliRunner.Run(SmallRun("run", "--epochs", "2", "--checkpoint-every", "1"));
        Assert.Equal(CliApp.Success, train.ExitCode);
        Assert.StartsWith("test accuracy ", train.Output);
        Assert.Equal(2, train.ErrorLines.Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)));

        var run = new RunDirectory(_temp.File("run"));
        Assert.True(File.Exists(run.Config));
        Assert.Equal(3, File.ReadAllLines(run.Metrics).Length);
        Assert.True(File.Exists(run.EpochCheckpoint(1)) && File.Exists(run.EpochCheckpoint(2)));

        CliRunner.Result evaluate = CliRunner.Run(
            "evaluate",
            "--model",
            run.Model,
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--device",
            "cpu",
            "--json"
        );
        Assert.Equal(CliApp.Success, evaluate.ExitCode);
        using JsonDocument json = JsonDocument.Parse(evaluate.Output);
        double accuracy = json.RootElement.GetProperty("test_accuracy").GetDouble();
        string lastRow = File.ReadAllLines(run.Metrics)[^1];
        Assert.Equal(double.Parse(lastRow.Split(',')[5], System.Globalization.CultureInfo.InvariantCulture), accuracy);
        Assert.Equal(50, json.RootElement.GetProperty("images").GetInt32());
    }

    [Fact]
    public void An_interrupt_saves_a_checkpoint_exits_130_and_the_run_resumes()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 160, test: 50);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        CliRunner.Result interrupted = CliRunner.Run(cancelled.Token, SmallRun("run", "--epochs", "2"));
        Assert.Equal(CliApp.Interrupted, interrupted.ExitCode);
        var run = new RunDirectory(_temp.File("run"));
        Assert.True(File.Exists(run.Model));
        Assert.Contains(interrupted.ErrorLines, l => l.Contains("--resume", StringComparison.Ordinal));

        CliRunner.Result resumed = CliRunner.Run(
            "train",
            "--resume",
            run.Model,
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--device",
            "cpu"
        );
        Assert.Equal(CliApp.Success, resumed.ExitCode);
        Assert.Equal(3, File.ReadAllLines(run.Metrics).Length);
    }

    [Fact]
    public void A_resume_with_a_changed_setting_is_refused()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 20);
        Assert.Equal(CliApp.Success, CliRunner.Run(SmallRun("run", "--epochs", "1")).ExitCode);
        string model = new RunDirectory(_temp.File("run")).Model;
        CliRunner.Result result = CliRunner.Run(
            "train",
            "--resume",
            model,
            "--epochs",
            "2",
            "--zeta",
            "0.5",
            "--data-dir",
            _temp.File("data"),
            "--no-download"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(
            "error: --zeta 0.5 differs from the checkpoint's 0.3; a resumed run keeps its settings (only --epochs "
                + "may change)",
            Assert.Single(result.ErrorLines)
        );
    }

    [Fact]
    public void Evaluate_refuses_a_model_for_another_input_size()
    {
        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 20);
        Assert.Equal(CliApp.Success, CliRunner.Run(SmallRun("run", "--epochs", "1")).ExitCode);
        string model = new RunDirectory(_temp.File("run")).Model;
        // EMNIST letters has 26 classes: the 10-class model does not fit it.
        Directory.CreateDirectory(_temp.File("letters", "emnist-letters"));
        foreach (
            var (images, labels) in new[]
            {
                ("emnist-letters-train-images-idx3-ubyte", "emnist-letters-train-labels-idx1-ubyte"),
                ("emnist-letters-test-images-idx3-ubyte", "emnist-letters-test-labels-idx1-ubyte"),
            }
        )
        {
            File.WriteAllBytes(
                _temp.File("letters", "emnist-letters", images),
                IdxFiles.Images(3, 28, 28, (_, _) => 0)
            );
            File.WriteAllBytes(_temp.File("letters", "emnist-letters", labels), IdxFiles.Labels([1, 2, 3]));
        }
        CliRunner.Result result = CliRunner.Run(
            "evaluate",
            "--model",
            model,
            "--dataset",
            "emnist-letters",
            "--data-dir",
            _temp.File("letters"),
            "--no-download"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        // The data-set rule (shared with robustness) refuses it before the shapes are compared.
        Assert.Equal(
            $"error: {model}: the model was trained on mnist, not emnist-letters",
            Assert.Single(result.ErrorLines)
        );
    }

    [Fact]
    public void Devices_lists_the_cpu_path_and_the_ilgpu_cpu_accelerator()
    {
        CliRunner.Result result = CliRunner.Run("devices");
        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Contains(
            result.Output.Split('\n'),
            l => l.StartsWith("cpu ", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal)
        );
        Assert.Contains(result.Output.Split('\n'), l => l.StartsWith("ilgpu-cpu", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Data_list_and_verify_report_the_shared_files()
    {
        string directory = RealData.Require(DatasetCatalog.MnistInfo);
        CliRunner.Result list = CliRunner.Run("data", "list", "--data-dir", directory);
        Assert.Equal(CliApp.Success, list.ExitCode);
        Assert.Contains(
            list.Output.Split('\n'),
            l =>
                l.StartsWith("mnist ", StringComparison.Ordinal)
                && l.Contains("4/4", StringComparison.Ordinal)
                && l.Contains("complete", StringComparison.Ordinal)
        );
        Assert.Contains("missing train-images-idx3-ubyte.gz", list.Output);

        CliRunner.Result verify = CliRunner.Run("data", "verify", "mnist", "--data-dir", directory);
        Assert.Equal(CliApp.Success, verify.ExitCode);
        Assert.Equal(4, verify.Output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Data_verify_fails_on_a_damaged_file()
    {
        Directory.CreateDirectory(_temp.File("data", "mnist"));
        File.WriteAllBytes(
            _temp.File("data", "mnist", "t10k-labels-idx1-ubyte.gz"),
            IdxFiles.Gzip(IdxFiles.Labels([1, 2]))
        );
        CliRunner.Result result = CliRunner.Run("data", "verify", "mnist", "--data-dir", _temp.File("data"));
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Contains("wrong size", result.Output);
        Assert.StartsWith("error: 1 file(s) in ", Assert.Single(result.ErrorLines));
    }
}
