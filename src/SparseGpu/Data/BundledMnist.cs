using System.Reflection;

namespace SparseGpu.Data;

/// <summary>
/// The small real MNIST subset compiled into the library (the first 5,000 training and 1,000 test images of the
/// original files, rebuilt by Bundled/make-mnist-subset.sh). The main job falls back to it on a machine that
/// has no MNIST files and cannot download them, so a fresh offline clone still trains.
/// </summary>
public static class BundledMnist
{
    public const string SourceName = "bundled MNIST subset";

    /// <summary>What training on the subset costs, for the fallback's notice. Measured 2026-12-06 with the default
    /// `train` (RLR, 10 epochs, seed 1, CPU path): 89.00% on the subset's 1,000 test images, 95.85% on full
    /// MNIST.</summary>
    public const string AccuracyGap =
        "~89% test accuracy, not ~96% as with full MNIST (--data-dir, or sparsegpu data download mnist)";

    public static DatasetSplits Load()
    {
        DatasetInfo info = DatasetCatalog.MnistInfo;
        ImageSet train = LoadSplit(info, "train");
        ImageSet test = LoadSplit(info, "test");
        return new DatasetSplits(info, train, test, SourceName);
    }

    private static ImageSet LoadSplit(DatasetInfo info, string split)
    {
        string imagesName = $"mnist-subset-{split}-images-idx3-ubyte.gz";
        string labelsName = $"mnist-subset-{split}-labels-idx1-ubyte.gz";
        IdxImages images = IdxReader.ParseImages(ReadResource(imagesName), imagesName);
        byte[] labels = IdxReader.ParseLabels(ReadResource(labelsName), labelsName);
        return DatasetLoader.Build(info, $"mnist-subset-{split}", images, labels, imagesName, labelsName);
    }

    private static byte[] ReadResource(string fileName)
    {
        using Stream stream =
            Assembly.GetExecutingAssembly().GetManifestResourceStream($"SparseGpu.Bundled.{fileName}")
            ?? throw new InvalidOperationException($"resource {fileName} is not compiled into the library");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
