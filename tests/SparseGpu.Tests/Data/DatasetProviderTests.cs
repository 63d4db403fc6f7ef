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
        Assert.Contains("using the bundled MNIST subset (5000 training, 1000 test images)", notice);
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
