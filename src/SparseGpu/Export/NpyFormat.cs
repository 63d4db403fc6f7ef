using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SparseGpu.Export;

/// <summary>
/// numpy's .npy format, version 1.0: magic "\x93NUMPY", bytes 1 and 0, u16 header length, then an ASCII Python
/// dict {'descr': '&lt;f4', 'fortran_order': False, 'shape': (n,), } padded with spaces and ended by '\n' so the data
/// starts at a multiple of 64 bytes; then the raw little-endian values in C order.
/// </summary>
public static class NpyFormat
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    public static void Write(Stream stream, ReadOnlySpan<byte> values, params int[] shape) =>
        Write(stream, "|u1", values, values.Length, shape);

    public static void Write(Stream stream, ReadOnlySpan<double> values, params int[] shape) =>
        Write(stream, "<f8", MemoryMarshal.AsBytes(values), values.Length, shape);

    public static void Write(Stream stream, ReadOnlySpan<float> values, params int[] shape) =>
        Write(stream, "<f4", MemoryMarshal.AsBytes(values), values.Length, shape);

    public static void Write(Stream stream, ReadOnlySpan<int> values, params int[] shape) =>
        Write(stream, "<i4", MemoryMarshal.AsBytes(values), values.Length, shape);

    public static void Write(Stream stream, ReadOnlySpan<long> values, params int[] shape) =>
        Write(stream, "<i8", MemoryMarshal.AsBytes(values), values.Length, shape);

    private static void Write(Stream stream, string descr, ReadOnlySpan<byte> data, int count, int[] shape)
    {
        if (!BitConverter.IsLittleEndian)
            throw new SparseGpuException("the .npy writer assumes a little-endian machine");
        if (shape.Length == 0)
            shape = [count];
        if (shape.Aggregate(1L, (p, d) => p * d) != count)
            throw new ArgumentException($"shape ({string.Join(",", shape)}) does not hold {count} values");
        string dims =
            shape.Length == 1
                ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
                : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int unpadded = Magic.Length + 2 + header.Length + 1;
        header += new string(' ', (64 - unpadded % 64) % 64) + "\n";
        stream.Write(Magic);
        Span<byte> length = [(byte)(header.Length & 0xff), (byte)(header.Length >> 8)];
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(data);
    }
}
