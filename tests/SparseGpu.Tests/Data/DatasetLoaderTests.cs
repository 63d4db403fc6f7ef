using SparseGpu.Data;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Data;

public sealed class DatasetLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Loads_plain_copies_and_scales_nothing_on_the_host()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 30, test: 12);
        DatasetSplits data = DatasetLoader.Load(_temp.Path, DatasetCatalog.MnistInfo);
        Assert.Equal(30, data.Train.Count);
        Assert.Equal(12, data.Test.Count);
        Assert.Equal(784, data.Train.InputSize);
        Assert.Equal(10, data.Train.Classes);
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 30, test: 12);
        File.WriteAllBytes(_temp.File("mnist", "t10k-labels-idx1-ubyte"), IdxFiles.Labels(new byte[11]));
        var e = Assert.Throws<SparseGpuException>(() => DatasetLoader.Load(_temp.Path, DatasetCatalog.MnistInfo));
        Assert.Contains("holds 12 images but", e.Message);
        Assert.Contains("holds 11 labels", e.Message);
    }

    [Fact]
    public void A_label_out_of_range_is_named_with_its_index()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 30, test: 5);
        File.WriteAllBytes(_temp.File("mnist", "t10k-labels-idx1-ubyte"), IdxFiles.Labels([1, 2, 3, 10, 4]));
        var e = Assert.Throws<SparseGpuException>(() => DatasetLoader.Load(_temp.Path, DatasetCatalog.MnistInfo));
        Assert.EndsWith("t10k-labels-idx1-ubyte: label 10 at index 3 is outside 0..9", e.Message);
    }

    [Fact]
    public void A_compressed_file_that_differs_from_the_official_release_is_refused()
    {
        IdxFiles.WriteSyntheticMnist(_temp.Path, train: 30, test: 5);
        string gz = _temp.File("mnist", "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(gz, IdxFiles.Gzip(IdxFiles.Labels([1, 2, 3, 4, 5])));
        var e = Assert.Throws<SparseGpuException>(() => DatasetLoader.Load(_temp.Path, DatasetCatalog.MnistInfo));
        Assert.StartsWith($"{gz}: checksum mismatch with the official release", e.Message);
    }

    [Fact]
    public void Missing_files_are_listed()
    {
        var e = Assert.Throws<SparseGpuException>(() => DatasetLoader.Load(_temp.Path, DatasetCatalog.KmnistInfo));
        Assert.Contains(
            "missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
                + "t10k-labels-idx1-ubyte.gz",
            e.Message
        );
    }

    [Fact]
    public void Emnist_images_are_turned_upright_and_letters_start_at_class_zero()
    {
        DatasetInfo info = DatasetCatalog.EmnistLettersInfo;
        // Stored transposed: the stored row r, column c is the upright row c, column r.
        var stored = new IdxImages(1, 2, 3, [1, 2, 3, 4, 5, 6]);
        ImageSet set = DatasetLoader.Build(info, "emnist-test", stored, [1], "images", "labels");
        Assert.Equal((3, 2), (set.Rows, set.Columns));
        Assert.Equal([1, 4, 2, 5, 3, 6], set.Pixels);
        Assert.Equal([0], set.Labels);
        var e = Assert.Throws<SparseGpuException>(() =>
            DatasetLoader.Build(info, "emnist-test", stored, [0], "images", "labels")
        );
        Assert.Contains("label 0 at index 0 is outside 1..26", e.Message);
    }

    [SkippableFact]
    public void Real_mnist_loads_with_its_published_counts()
    {
        string directory = RealData.Require(DatasetCatalog.MnistInfo);
        DatasetSplits data = DatasetLoader.Load(directory, DatasetCatalog.MnistInfo);
        Assert.Equal(60000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        int[] perClass = Count(data.Train.Labels, 10);
        Assert.Equal(5421, perClass.Min());
        Assert.Equal(6742, perClass.Max());
        int[] testPerClass = Count(data.Test.Labels, 10);
        Assert.Equal(892, testPerClass.Min());
        Assert.Equal(1135, testPerClass.Max());
    }

    [SkippableFact]
    public void Real_fashion_mnist_has_six_thousand_images_per_class()
    {
        string directory = RealData.Require(DatasetCatalog.FashionMnistInfo);
        DatasetSplits data = DatasetLoader.Load(directory, DatasetCatalog.FashionMnistInfo);
        Assert.All(Count(data.Train.Labels, 10), n => Assert.Equal(6000, n));
        Assert.All(Count(data.Test.Labels, 10), n => Assert.Equal(1000, n));
    }

    [SkippableFact]
    public void Real_emnist_letter_labels_run_from_one_to_twenty_six()
    {
        Skip.If(RealData.Directory is null, "../shared/datasets not found");
        string path = Path.Combine(RealData.Directory!, "emnist-letters", "emnist-letters-train-labels-idx1-ubyte.gz");
        Skip.IfNot(File.Exists(path), "EMNIST letter labels not present");
        byte[] labels = IdxReader.ReadLabels(path);
        Assert.Equal(124800, labels.Length);
        Assert.Equal(1, labels.Min());
        Assert.Equal(26, labels.Max());
        Assert.All(labels.GroupBy(l => l), g => Assert.Equal(4800, g.Count()));
    }

    [SkippableFact]
    public void The_bundled_subset_is_the_start_of_the_original_files()
    {
        string directory = RealData.Require(DatasetCatalog.MnistInfo);
        DatasetSplits original = DatasetLoader.Load(directory, DatasetCatalog.MnistInfo);
        DatasetSplits bundled = BundledMnist.Load();
        Assert.Equal(5000, bundled.Train.Count);
        Assert.Equal(1000, bundled.Test.Count);
        Assert.Equal(original.Train.Take(5000).Pixels, bundled.Train.Pixels);
        Assert.Equal(original.Train.Take(5000).Labels, bundled.Train.Labels);
        Assert.Equal(original.Test.Take(1000).Pixels, bundled.Test.Pixels);
        Assert.Equal(original.Test.Take(1000).Labels, bundled.Test.Labels);
    }

    private static int[] Count(byte[] labels, int classes)
    {
        int[] counts = new int[classes];
        foreach (byte label in labels)
            counts[label]++;
        return counts;
    }
}
