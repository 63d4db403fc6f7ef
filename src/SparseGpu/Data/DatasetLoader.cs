namespace SparseGpu.Data;

/// <summary>
/// Loads a data set's four IDX files from a data directory into training and test <see cref="ImageSet"/>s,
/// checking the catalogue digest of each compressed original, counts and label ranges, and undoing EMNIST's
/// transposed storage and 1-based letter labels.
/// </summary>
public static class DatasetLoader
{
    /// <summary>The path of a file as present on disk: the original .gz, or else its decompressed twin.</summary>
    public static string? FindFile(string dataDirectory, DatasetInfo info, DatasetFile file)
    {
        string compressed = DataDirectory.FilePath(dataDirectory, info, file);
        if (File.Exists(compressed))
            return compressed;
        string plain = Path.ChangeExtension(compressed, null);
        return File.Exists(plain) ? plain : null;
    }

    public static IReadOnlyList<DatasetFile> MissingFiles(string dataDirectory, DatasetInfo info) =>
        info.Files.Where(f => FindFile(dataDirectory, info, f) is null).ToList();

    public static DatasetSplits Load(string dataDirectory, DatasetInfo info)
    {
        var missing = MissingFiles(dataDirectory, info);
        if (missing.Count > 0)
            throw new SparseGpuException(
                $"{Path.Combine(dataDirectory, info.Name)}: missing "
                    + $"{string.Join(", ", missing.Select(f => f.FileName))}"
            );
        ImageSet train = LoadSplit(dataDirectory, info, info.TrainImages, info.TrainLabels, "train");
        ImageSet test = LoadSplit(dataDirectory, info, info.TestImages, info.TestLabels, "test");
        return new DatasetSplits(info, train, test, Path.Combine(dataDirectory, info.Name));
    }

    private static ImageSet LoadSplit(
        string dataDirectory,
        DatasetInfo info,
        DatasetFile imagesFile,
        DatasetFile labelsFile,
        string split
    )
    {
        string imagesPath = FindFile(dataDirectory, info, imagesFile)!;
        string labelsPath = FindFile(dataDirectory, info, labelsFile)!;
        IdxImages images = IdxReader.ParseImages(ReadVerified(imagesPath, imagesFile), imagesPath);
        byte[] labels = IdxReader.ParseLabels(ReadVerified(labelsPath, labelsFile), labelsPath);
        if (images.Rows != info.ImageRows || images.Columns != info.ImageColumns)
            throw new SparseGpuException(
                $"{imagesPath}: holds {images.Rows}x{images.Columns}-pixel images; {info.Name} images are "
                    + $"{info.ImageRows}x{info.ImageColumns}"
            );
        return Build(info, $"{info.Name}-{split}", images, labels, imagesPath, labelsPath);
    }

    /// <summary>Turns raw IDX content into an image set, applying the data set's conventions.</summary>
    public static ImageSet Build(
        DatasetInfo info,
        string name,
        IdxImages images,
        byte[] labels,
        string imagesPath,
        string labelsPath
    )
    {
        if (images.Count != labels.Length)
            throw new SparseGpuException(
                $"{imagesPath}: holds {images.Count} images but {labelsPath} holds {labels.Length} labels"
            );
        byte[] classes = new byte[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i] - info.FirstLabel;
            if (label < 0 || label >= info.Classes)
                throw new SparseGpuException(
                    $"{labelsPath}: label {labels[i]} at index {i} is outside "
                        + $"{info.FirstLabel}..{info.FirstLabel + info.Classes - 1}"
                );
            classes[i] = (byte)label;
        }
        byte[] pixels = info.StoredTransposed ? TransposeEach(images) : images.Pixels;
        int rows = info.StoredTransposed ? images.Columns : images.Rows;
        int columns = info.StoredTransposed ? images.Rows : images.Columns;
        return new ImageSet(name, rows, columns, info.Classes, pixels, classes);
    }

    private static byte[] ReadVerified(string path, DatasetFile expected)
    {
        byte[] bytes = InputFile.ReadAllBytes(path, "data file");
        // Only the compressed originals have published digests; a decompressed copy is taken as it is.
        if (!IdxReader.IsGzip(bytes))
            return bytes;
        if (
            bytes.LongLength != expected.Bytes
            || !FileChecksum.Matches(new MemoryStream(bytes), expected.Sha256, expected.Md5)
        )
            throw new SparseGpuException(
                $"{path}: checksum mismatch with the official release ({bytes.LongLength} bytes; expected "
                    + $"{expected.Bytes}); "
                    + "delete it or run `sparsegpu data download` to fetch a fresh copy"
            );
        return bytes;
    }

    /// <summary>EMNIST stores each image column-major; this turns every image upright.</summary>
    private static byte[] TransposeEach(IdxImages images)
    {
        int rows = images.Rows,
            columns = images.Columns,
            size = rows * columns;
        byte[] result = new byte[images.Pixels.Length];
        for (int n = 0; n < images.Count; n++)
        {
            int offset = n * size;
            for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                result[offset + c * rows + r] = images.Pixels[offset + r * columns + c];
        }
        return result;
    }
}
