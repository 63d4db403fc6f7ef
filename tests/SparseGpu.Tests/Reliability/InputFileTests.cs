using SparseGpu.Cli;
using SparseGpu.Data;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Reliability;

/// <summary>Input files that are the wrong shape, not regular files, or too large (issue 11, defects 20 and
/// 21).</summary>
public sealed class InputFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string TinyMnist()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 20, test: 10);
        File.WriteAllBytes(_temp.File("mnist", "train-images-idx3-ubyte"), IdxFiles.Images(20, 1, 1, (_, _) => 7));
        return _temp.File("mnist", "train-images-idx3-ubyte");
    }

    [Fact]
    public void Data_verify_refuses_a_one_pixel_mnist()
    {
        // As many images as the official release holds, so that only their 1x1 shape gives the file away (with
        // fewer, the count check alone would refuse it and the shape check would go untested).
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 20, test: 10);
        int officialCount = DatasetCatalog.Get("mnist").TrainCount;
        File.WriteAllBytes(
            _temp.File("mnist", "train-images-idx3-ubyte"),
            IdxFiles.Images(officialCount, 1, 1, (_, _) => 7)
        );
        CliRunner.Result result = CliRunner.Run("data", "verify", "mnist", "--data-dir", _temp.Path);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Contains(
            result.Output.Split('\n'),
            l =>
                l.StartsWith("wrong size", StringComparison.Ordinal)
                && l.EndsWith("mnist/train-images-idx3-ubyte", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Training_refuses_images_of_the_wrong_shape()
    {
        string images = TinyMnist();
        CliRunner.Result result = CliRunner.Run(
            "train",
            "--data-dir",
            _temp.Path,
            "--no-download",
            "--out",
            _temp.File("run"),
            "--quiet"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(
            $"error: {images}: holds 1x1-pixel images; mnist images are 28x28",
            Assert.Single(result.ErrorLines)
        );
    }

    [SkippableFact]
    public void A_symbolic_link_to_dev_zero_is_refused_quickly()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "needs /dev/zero");
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 20, test: 10);
        string labels = _temp.File("mnist", "t10k-labels-idx1-ubyte");
        File.Delete(labels);
        File.CreateSymbolicLink(labels, "/dev/zero");
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRunner.Result result = CliRunner.Run(
            "train",
            "--data-dir",
            _temp.Path,
            "--no-download",
            "--out",
            _temp.File("run"),
            "--quiet"
        );
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 256 << 20,
            "a device must not be read until memory runs out"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.StartsWith($"error: {labels}: not a regular file", Assert.Single(result.ErrorLines));
    }

    [SkippableFact]
    public void A_run_to_plot_whose_config_json_is_a_device_is_refused_without_reading_it()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "needs /dev/zero");
        string run = _temp.File("run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "metrics.csv"), "epoch\n");
        string config = Path.Combine(run, "config.json");
        File.CreateSymbolicLink(config, "/dev/zero");
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRunner.Result result = CliRunner.Run("plot", "training", "--runs", run, "--out", _temp.File("training.png"));
        Assert.True(
            GC.GetAllocatedBytesForCurrentThread() - before < 256 << 20,
            "a device must not be read until memory runs out"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.StartsWith($"error: {config}: not a regular file", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void A_file_over_two_gigabytes_is_named()
    {
        string model = _temp.File("huge.ckpt");
        using (var stream = new FileStream(model, FileMode.CreateNew))
            stream.SetLength(5L << 29); // sparse: no disk used
        CliRunner.Result result = CliRunner.Run(
            "evaluate",
            "--model",
            model,
            "--data-dir",
            _temp.Path,
            "--no-download"
        );
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Equal(
            $"error: {model}: the checkpoint is 2.5 GiB, too large to read (at most 2.0 GiB)",
            Assert.Single(result.ErrorLines)
        );
    }
}
