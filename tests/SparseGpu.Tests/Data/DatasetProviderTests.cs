using SparseGpu.Data;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Data;

public sealed class DatasetProviderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Mnist_falls_back_to_the_bundled_subset_with_a_notice()
    {
        var notices = new List<string>();
        var provider = new DatasetProvider(_temp.Path, downloader: null, notices.Add);
        DatasetSplits data = provider.Load("mnist", allowBundledFallback: true);
        Assert.Equal(BundledMnist.SourceName, data.Source);
        Assert.Equal(5000, data.Train.Count);
        string notice = Assert.Single(notices);
        Assert.Equal(
            $"mnist: not in {_temp.File("mnist")} (downloads are off); using the bundled 5000-image subset: "
                + BundledMnist.AccuracyGap,
            notice
        );
        int length = notice.Length - _temp.File("mnist").Length;
        Assert.True(length <= 170, $"{length} characters besides the path: the notice must stay one short line");
    }

    [Fact]
    public void A_data_directory_the_user_named_must_exist()
    {
        // Issue 26 §3.2: `--data-dir /typo` fell back to the bundled subset and exited 0.
        string missing = _temp.File("no-such-dir");
        var e = Assert.Throws<SparseGpuException>(() => DataDirectory.ResolveExisting(missing));
        Assert.StartsWith($"--data-dir {missing}: no such directory", e.Message);
        Assert.Equal(_temp.Path, DataDirectory.ResolveExisting(_temp.Path));
    }

    [Fact]
    public void Train_with_a_missing_data_dir_fails_in_one_line_and_creates_no_run()
    {
        string missing = _temp.File("no-such-dir");
        Cli.CliRunner.Result result = Cli.CliRunner.Run(
            "train",
            "--data-dir",
            missing,
            "--no-download",
            "--out",
            _temp.File("run"),
            "--quiet"
        );
        Assert.Equal(SparseGpu.Cli.CliApp.Failure, result.ExitCode);
        Assert.StartsWith($"error: --data-dir {missing}: no such directory", Assert.Single(result.ErrorLines));
        Assert.False(Directory.Exists(_temp.File("run")));
    }

    [Fact]
    public void Other_data_sets_fail_with_the_missing_files_named()
    {
        var provider = new DatasetProvider(_temp.Path, downloader: null, _ => { });
        var e = Assert.Throws<SparseGpuException>(() => provider.Load("kmnist", allowBundledFallback: true));
        Assert.StartsWith("kmnist: not available in ", e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
    }

    [Fact]
    public void Unknown_names_list_the_valid_ones()
    {
        var provider = new DatasetProvider(_temp.Path, downloader: null, _ => { });
        var e = Assert.Throws<InvalidSettingException>(() => provider.Load("cifar", allowBundledFallback: true));
        Assert.Equal("unknown data set 'cifar'; valid: mnist, fashion-mnist, kmnist, emnist-letters", e.Message);
    }

    [Fact]
    public void Present_files_are_used_without_downloading()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, 20, 10);
        var provider = new DatasetProvider(
            _temp.Path,
            () => throw new InvalidOperationException("must not download"),
            _ => { }
        );
        Assert.Equal(20, provider.Load("mnist", allowBundledFallback: true).Train.Count);
    }
}
