using System.Security.Cryptography;
using System.Text;

namespace SparseGpu.Data;

/// <summary>
/// A data set of the user's own, named by a path instead of a catalogue name: a folder of IDX files
/// (<see cref="OwnIdxFolder"/>) or an .npz of x_train, y_train, x_test, y_test (<see cref="OwnNpz"/>). Any image
/// size; the classes are 0..C-1 with C the largest label plus one (at least 2). Its identity is
/// <see cref="ContentSha256"/>, the SHA-256 of the images and labels as loaded, so a model trained on it is evaluated
/// only on the same data, wherever that data has moved.
/// </summary>
public static class OwnDataset
{
    /// <summary>
    /// Whether a --dataset value names a path rather than a catalogue entry: it holds a path separator, ends in .npz,
    /// or names an existing folder that is not also a catalogue name (so `--dataset mnist` keeps its meaning inside
    /// a data directory).
    /// </summary>
    public static bool IsPath(string value) =>
        value.Contains('/')
        || value.Contains(Path.DirectorySeparatorChar)
        || value.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)
        || (Directory.Exists(value) && !DatasetCatalog.Names.Contains(value, StringComparer.OrdinalIgnoreCase));

    /// <summary>The part of a run id (and of figure names) that stands for own data: the folder's or file's name
    /// without .npz, in the characters a file name may safely hold.</summary>
    public static string ShortName(string path)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        if (name.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
            name = name[..^4];
        string safe = new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return safe.Trim('_').Length == 0 ? "own-data" : safe[..Math.Min(safe.Length, 60)];
    }

    /// <summary>The name a data set is shown and grouped by: a catalogue name as it is, own data by
    /// <see cref="ShortName"/>.</summary>
    public static string DisplayName(string dataset) => IsPath(dataset) ? ShortName(dataset) : dataset;

    /// <summary>Checks that the path exists and is a folder or an .npz (the setting's range check).</summary>
    public static string? Problem(string path)
    {
        if (Directory.Exists(path))
            return null;
        if (!File.Exists(path))
            return $" '{path}' is neither a data set name ({string.Join(", ", DatasetCatalog.Names)}) nor an "
                + "existing folder or .npz file";
        return path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)
            ? null
            : $" '{path}' is a file but not an .npz; own data is a folder of IDX files or an .npz";
    }

    public static DatasetSplits Load(string path)
    {
        string full = Path.GetFullPath(path);
        string? problem = Problem(full);
        if (problem is not null)
            throw new SparseGpuException($"--dataset{problem}");
        return Directory.Exists(full) ? OwnIdxFolder.Load(full) : OwnNpz.Load(full);
    }

    /// <summary>
    /// Both splits from their pixels (one byte each) and integer labels, with the classes found from the labels;
    /// <paramref name="source"/> names the data in errors.
    /// </summary>
    public static DatasetSplits Build(string source, int rows, int columns, Split train, Split test)
    {
        foreach (Split split in new[] { train, test })
        {
            if (split.Labels.Length == 0)
                throw new SparseGpuException($"{source}: the {split.Name} split is empty");
            if ((long)split.Labels.Length * rows * columns != split.Pixels.LongLength)
                throw new SparseGpuException(
                    $"{source}: {split.PixelsName} holds {split.Pixels.LongLength / ((long)rows * columns)} images "
                        + $"but {split.LabelsName} holds {split.Labels.Length} labels"
                );
            int negative = Array.FindIndex(split.Labels, l => l < 0 || l > byte.MaxValue);
            if (negative >= 0)
                throw new SparseGpuException(
                    $"{source}: {split.LabelsName}[{negative}] is {split.Labels[negative]}; labels must be 0..255"
                );
        }
        int classes = Math.Max(train.Labels.Max(), test.Labels.Max()) + 1;
        if (classes < 2)
            throw new SparseGpuException(
                $"{source}: the labels give {classes} class; own data needs at least 2 (labels 0..C-1)"
            );
        int[] unused = Enumerable.Range(0, classes).Except(train.Labels).ToArray();
        if (unused.Length > 0)
            throw new SparseGpuException(
                $"{source}: labels must be 0..{classes - 1} with each class in the training split; "
                    + $"{train.LabelsName} has no label {unused[0]}"
            );
        ImageSet trainSet = Images(source, "train", rows, columns, classes, train);
        ImageSet testSet = Images(source, "test", rows, columns, classes, test);
        var info = new DatasetInfo(
            source,
            "own data",
            classes,
            0,
            false,
            trainSet.Count,
            testSet.Count,
            new DatasetFile(train.PixelsName, 0, null, null),
            new DatasetFile(train.LabelsName, 0, null, null),
            new DatasetFile(test.PixelsName, 0, null, null),
            new DatasetFile(test.LabelsName, 0, null, null),
            "the user's own",
            ""
        )
        {
            ImageRows = rows,
            ImageColumns = columns,
        };
        return new DatasetSplits(info, trainSet, testSet, source) { Sha256 = ContentSha256(trainSet, testSet) };
    }

    private static ImageSet Images(string source, string split, int rows, int columns, int classes, Split data) =>
        new(
            $"{ShortName(source)}-{split}",
            rows,
            columns,
            classes,
            data.Pixels,
            data.Labels.Select(l => (byte)l).ToArray()
        );

    /// <summary>
    /// SHA-256 of "sparsegpu-own-data-v1", then rows, columns, classes and per split its count, pixels and labels
    /// (u32 little-endian sizes, one byte per pixel and label): the same images and labels give the same hash
    /// whether they come from IDX files, gzip or not, or an .npz.
    /// </summary>
    public static string ContentSha256(ImageSet train, ImageSet test)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes("sparsegpu-own-data-v1"));
        byte[] number = new byte[4];
        void Append(int value)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(number, value);
            sha.AppendData(number);
        }
        Append(train.Rows);
        Append(train.Columns);
        Append(train.Classes);
        foreach (ImageSet set in new[] { train, test })
        {
            Append(set.Count);
            sha.AppendData(set.Pixels);
            sha.AppendData(set.Labels);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>One split as read: pixels one byte each, labels as integers, and the names of the arrays or files
    /// they came from.</summary>
    public sealed record Split(string Name, byte[] Pixels, int[] Labels, string PixelsName, string LabelsName);
}
