using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace SparseGpu.Tests.Export;

/// <summary>An .npy array as the tests read it back: its dtype, shape and values (as doubles).</summary>
public sealed record NpyArray(string Descr, int[] Shape, double[] Values);

/// <summary>A reader of .npz files written independently of the writer: parses each header's dict text.</summary>
public static partial class NpzReader
{
    public static Dictionary<string, NpyArray> Read(string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        var arrays = new Dictionary<string, NpyArray>();
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            using var buffer = new MemoryStream();
            using (Stream s = entry.Open())
                s.CopyTo(buffer);
            arrays[Path.GetFileNameWithoutExtension(entry.Name)] = Parse(buffer.ToArray());
        }
        return arrays;
    }

    private static NpyArray Parse(byte[] bytes)
    {
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes[..8]);
        int headerLength = bytes[8] | bytes[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Match m = HeaderPattern().Match(header);
        Assert.True(m.Success, header);
        string descr = m.Groups["descr"].Value;
        int[] shape = m.Groups["shape"]
            .Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture))
            .ToArray();
        int count = shape.Aggregate(1, (p, d) => p * d);
        int start = 10 + headerLength;
        double[] values = descr switch
        {
            "<f4" => Enumerable
                .Range(0, count)
                .Select(i => (double)BitConverter.ToSingle(bytes, start + 4 * i))
                .ToArray(),
            "<i4" => Enumerable
                .Range(0, count)
                .Select(i => (double)BitConverter.ToInt32(bytes, start + 4 * i))
                .ToArray(),
            "<i8" => Enumerable
                .Range(0, count)
                .Select(i => (double)BitConverter.ToInt64(bytes, start + 8 * i))
                .ToArray(),
            _ => throw new InvalidDataException(descr),
        };
        Assert.Equal(bytes.Length, start + count * (descr == "<i8" ? 8 : 4));
        return new NpyArray(descr, shape, values);
    }

    [GeneratedRegex(
        @"^\{'descr': '(?<descr>[<>|][a-z]\d)', 'fortran_order': False, 'shape': \((?<shape>[\d, ]*)\), \} *\n$"
    )]
    private static partial Regex HeaderPattern();
}
