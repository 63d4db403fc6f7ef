namespace SparseGpu.Data;

/// <summary>
/// Own data as a folder of IDX files named as the MNIST family names them: *train-images-idx3-ubyte,
/// *train-labels-idx1-ubyte, *t10k-images-idx3-ubyte (or *test-images-...), *t10k-labels-idx1-ubyte (or
/// *test-labels-...), each plain or gzip-compressed (.gz). Any image size.
/// </summary>
public static class OwnIdxFolder
{
    public static DatasetSplits Load(string folder)
    {
        string trainImages = Find(folder, ["train-images-idx3-ubyte"]);
        string trainLabels = Find(folder, ["train-labels-idx1-ubyte"]);
        string testImages = Find(folder, ["t10k-images-idx3-ubyte", "test-images-idx3-ubyte"]);
        string testLabels = Find(folder, ["t10k-labels-idx1-ubyte", "test-labels-idx1-ubyte"]);
        IdxImages train = IdxReader.ReadImages(trainImages);
        IdxImages test = IdxReader.ReadImages(testImages);
        if (train.Rows != test.Rows || train.Columns != test.Columns)
            throw new SparseGpuException(
                $"{testImages}: holds {test.Rows}x{test.Columns} images but {trainImages} holds "
                    + $"{train.Rows}x{train.Columns}"
            );
        return OwnDataset.Build(
            folder,
            train.Rows,
            train.Columns,
            Split("train", train, trainImages, trainLabels),
            Split("test", test, testImages, testLabels)
        );
    }

    private static OwnDataset.Split Split(string name, IdxImages images, string imagesPath, string labelsPath)
    {
        int[] labels = IdxReader.ReadLabels(labelsPath).Select(b => (int)b).ToArray();
        if (images.Count != labels.Length)
            throw new SparseGpuException(
                $"{imagesPath}: holds {images.Count} images but {labelsPath} holds {labels.Length} labels"
            );
        return new OwnDataset.Split(
            name,
            images.Pixels,
            labels,
            Path.GetFileName(imagesPath),
            Path.GetFileName(labelsPath)
        );
    }

    /// <summary>The one file whose name ends in one of <paramref name="stems"/> (optionally then .gz).</summary>
    private static string Find(string folder, string[] stems)
    {
        var matches = Directory
            .EnumerateFiles(folder)
            .Where(f =>
            {
                string name = Path.GetFileName(f);
                if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                    name = name[..^3];
                return stems.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
            })
            .Order(StringComparer.Ordinal)
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new SparseGpuException(
                $"{folder}: no file named *{string.Join(" or *", stems)}[.gz]; an own IDX data set needs "
                    + "train-images, train-labels, t10k-images and t10k-labels files"
            ),
            _ => throw new SparseGpuException(
                $"{folder}: {matches.Count} files could be the *{stems[0]} file "
                    + $"({string.Join(", ", matches.Select(Path.GetFileName))}); keep one"
            ),
        };
    }
}
