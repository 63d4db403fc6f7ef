using System.IO.Compression;
using SparseGpu.Export;

namespace SparseGpu.Tests.Support;

/// <summary>
/// Small own data sets for the --dataset PATH tests: 10x12 images of 3 classes (class c lights rows 3c..3c+3, with
/// noise), written as a folder of IDX files or as an .npz the way numpy.savez writes one.
/// </summary>
public static class OwnDataFiles
{
    public const int Rows = 10,
        Columns = 12,
        Classes = 3;

    public static (byte[] Pixels, byte[] Labels) Synthetic(int count, ulong seed)
    {
        var rng = new Rng(seed);
        byte[] labels = Enumerable.Range(0, count).Select(i => (byte)(i % Classes)).ToArray();
        byte[] pixels = new byte[count * Rows * Columns];
        for (int n = 0; n < count; n++)
        for (int p = 0; p < Rows * Columns; p++)
            pixels[n * Rows * Columns + p] = (byte)
                Math.Min(255, (p / Columns / 3 == labels[n] ? 180 : 0) + rng.NextInt(60));
        return (pixels, labels);
    }

    /// <summary>A folder of IDX files, gzip-compressed as published data sets are.</summary>
    public static string WriteIdxFolder(string folder, int train = 120, int test = 60)
    {
        Directory.CreateDirectory(folder);
        foreach (var (prefix, count, seed) in new[] { ("train", train, 1UL), ("t10k", test, 2UL) })
        {
            var (pixels, labels) = Synthetic(count, seed);
            File.WriteAllBytes(
                Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"),
                IdxFiles.Gzip(IdxFiles.Images(count, Rows, Columns, (n, p) => pixels[n * Rows * Columns + p]))
            );
            File.WriteAllBytes(
                Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"),
                IdxFiles.Gzip(IdxFiles.Labels(labels))
            );
        }
        return folder;
    }

    /// <summary>An .npz of the same images as <see cref="WriteIdxFolder"/>: bytes, or floats (pixel / 255) when
    /// <paramref name="asFloat"/>; int64 labels.</summary>
    public static string WriteNpz(string path, bool asFloat, int train = 120, int test = 60)
    {
        var arrays = new Dictionary<string, Action<Stream>>();
        foreach (var (split, count, seed) in new[] { ("train", train, 1UL), ("test", test, 2UL) })
        {
            var (pixels, labels) = Synthetic(count, seed);
            arrays["x_" + split] = asFloat
                ? s => NpyFormat.Write(s, pixels.Select(p => p / 255f).ToArray(), count, Rows, Columns)
                : s => NpyFormat.Write(s, pixels, count, Rows, Columns);
            arrays["y_" + split] = s => NpyFormat.Write(s, labels.Select(l => (long)l).ToArray(), count);
        }
        return WriteArrays(path, arrays);
    }

    /// <summary>An .npz holding exactly these arrays (name without .npy, writer of the .npy content).</summary>
    public static string WriteArrays(string path, IReadOnlyDictionary<string, Action<Stream>> arrays)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, write) in arrays)
        {
            using Stream entry = zip.CreateEntry(name + ".npy").Open();
            write(entry);
        }
        return path;
    }
}
