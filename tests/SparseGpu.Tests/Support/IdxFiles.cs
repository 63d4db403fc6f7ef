using System.Buffers.Binary;
using System.IO.Compression;
using SparseGpu.Data;

namespace SparseGpu.Tests.Support;

/// <summary>Writes IDX files (plain or gzip) for loader tests, and small MNIST-shaped data directories.</summary>
public static class IdxFiles
{
    public static byte[] Images(int count, int rows, int columns, Func<int, int, byte> pixel)
    {
        byte[] bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int n = 0; n < count; n++)
        for (int p = 0; p < rows * columns; p++)
            bytes[16 + n * rows * columns + p] = pixel(n, p);
        return bytes;
    }

    public static byte[] Labels(IReadOnlyList<byte> labels)
    {
        byte[] bytes = new byte[8 + labels.Count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Count);
        for (int i = 0; i < labels.Count; i++)
            bytes[8 + i] = labels[i];
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(content);
        return output.ToArray();
    }

    /// <summary>
    /// A data directory whose "mnist" holds small learnable images as plain IDX files (decompressed copies are
    /// read without the catalogue digests): class c lights pixel block c, with noise.
    /// </summary>
    public static string WriteSyntheticMnist(string dataDirectory, int train, int test, ulong seed = 5)
    {
        string dir = Path.Combine(dataDirectory, "mnist");
        Directory.CreateDirectory(dir);
        var rng = new Rng(seed);
        foreach (
            var (images, labels, count) in new[]
            {
                ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", train),
                ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", test),
            }
        )
        {
            byte[] classes = Enumerable.Range(0, count).Select(_ => (byte)rng.NextInt(10)).ToArray();
            File.WriteAllBytes(
                Path.Combine(dir, images),
                Images(
                    count,
                    28,
                    28,
                    (n, p) =>
                        (p / 78 == classes[n] ? 200 : 0) + rng.NextInt(40) is int v ? (byte)Math.Min(255, v) : (byte)0
                )
            );
            File.WriteAllBytes(Path.Combine(dir, labels), Labels(classes));
        }
        return dataDirectory;
    }
}
