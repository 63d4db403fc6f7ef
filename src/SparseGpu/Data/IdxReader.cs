using System.Buffers.Binary;
using System.IO.Compression;

namespace SparseGpu.Data;

/// <summary>Images read from an IDX file: count × rows × columns bytes.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);

/// <summary>
/// Reads IDX files (the MNIST family's format), plain or gzip-compressed (recognised by content, not by name).
/// Every problem is a <see cref="SparseGpuException"/> naming the file.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    public static IdxImages ReadImages(string path) => ParseImages(InputFile.ReadAllBytes(path), path);

    public static byte[] ReadLabels(string path) => ParseLabels(InputFile.ReadAllBytes(path), path);

    /// <summary>Parses an IDX images file's bytes (gzip or plain); <paramref name="path"/> names it in
    /// errors.</summary>
    public static IdxImages ParseImages(byte[] fileBytes, string path)
    {
        byte[] data = Decompress(fileBytes, path);
        RequireHeader(path, data, ImagesMagic, dimensions: 3, "images");
        int count = Dimension(path, data, 0);
        int rows = Dimension(path, data, 1);
        int columns = Dimension(path, data, 2);
        const int headerBytes = 16;
        long expected = headerBytes + (long)count * rows * columns;
        RequireLength(path, data, expected, $"{count} images of {rows}x{columns}");
        return new IdxImages(count, rows, columns, data.AsSpan(headerBytes, (int)(expected - headerBytes)).ToArray());
    }

    public static byte[] ParseLabels(byte[] fileBytes, string path)
    {
        byte[] data = Decompress(fileBytes, path);
        RequireHeader(path, data, LabelsMagic, dimensions: 1, "labels");
        int count = Dimension(path, data, 0);
        const int headerBytes = 8;
        RequireLength(path, data, headerBytes + (long)count, $"{count} labels");
        return data.AsSpan(headerBytes, count).ToArray();
    }

    /// <summary>The bytes, decompressed when they start with the gzip magic.</summary>
    public static byte[] Decompress(byte[] fileBytes, string path) =>
        IsGzip(fileBytes) ? Gunzip(path, fileBytes) : fileBytes;

    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    private static byte[] Gunzip(string path, byte[] compressed)
    {
        // The gzip trailer holds the uncompressed size mod 2^32; a truncated file loses it, so the length we get
        // must match it exactly as well as the IDX header must match the length.
        try
        {
            using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            byte[] result = output.ToArray();
            uint trailerSize =
                compressed.Length >= 18
                    ? BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(compressed.Length - 4))
                    : 0;
            if (compressed.Length < 18 || trailerSize != (uint)result.Length)
                throw new SparseGpuException(
                    $"{path}: truncated or corrupt gzip data (decompressed {result.Length} bytes, trailer says "
                        + $"{trailerSize})"
                );
            return result;
        }
        catch (InvalidDataException e)
        {
            throw new SparseGpuException($"{path}: corrupt gzip data ({e.Message.TrimEnd('.')})");
        }
        catch (EndOfStreamException)
        {
            throw new SparseGpuException($"{path}: truncated gzip data");
        }
    }

    private static void RequireHeader(string path, byte[] data, int magic, int dimensions, string what)
    {
        if (data.Length < 4)
            throw new SparseGpuException($"{path}: too short for an IDX {what} header ({data.Length} bytes)");
        int actual = BinaryPrimitives.ReadInt32BigEndian(data);
        if (actual != magic)
            throw new SparseGpuException($"{path}: wrong magic 0x{actual:X8}, expected 0x{magic:X8} (IDX {what})");
        if (data.Length < 4 + 4 * dimensions)
            throw new SparseGpuException($"{path}: too short for an IDX {what} header ({data.Length} bytes)");
    }

    private static int Dimension(string path, byte[] data, int index)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 + 4 * index));
        if (value < 0)
            throw new SparseGpuException($"{path}: negative dimension {value} in the IDX header");
        return value;
    }

    private static void RequireLength(string path, byte[] data, long expected, string what)
    {
        if (data.LongLength < expected)
            throw new SparseGpuException(
                $"{path}: truncated: header announces {what} ({expected} bytes) but the data has {data.LongLength}"
            );
        if (data.LongLength > expected)
            throw new SparseGpuException(
                $"{path}: {data.LongLength - expected} bytes after the {what} the header announces"
            );
    }
}
