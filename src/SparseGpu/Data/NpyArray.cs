using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SparseGpu.Data;

/// <summary>
/// One array read from a .npy file (any version of numpy's format): its dtype as numpy writes it ('|u1', '&lt;f4',
/// '&lt;i8'...), its shape and its raw little-endian values in C order. Only what own data sets need is read:
/// unsigned bytes, 32- and 64-bit floats, and integers of 1 to 8 bytes.
/// </summary>
public sealed partial class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyArray(string name, string dtype, int[] shape, byte[] data)
    {
        Name = name;
        Dtype = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>How errors name the array ("data.npz: x_train").</summary>
    public string Name { get; }

    public string Dtype { get; }
    public int[] Shape { get; }
    public byte[] Data { get; }

    public long Count => Shape.Aggregate(1L, (p, d) => p * d);

    public bool IsFloat => Dtype is "<f4" or "<f8";

    public bool IsInteger => IntegerBytes(Dtype) > 0;

    public string ShapeText => "(" + string.Join(", ", Shape) + (Shape.Length == 1 ? ",)" : ")");

    /// <summary>Element <paramref name="index"/> as a double (floats and integers alike).</summary>
    public double At(long index) =>
        Dtype switch
        {
            "<f4" => BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan((int)(index * 4))),
            "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(Data.AsSpan((int)(index * 8))),
            _ => IntegerAt(index),
        };

    private double IntegerAt(long index)
    {
        int size = IntegerBytes(Dtype);
        ReadOnlySpan<byte> bytes = Data.AsSpan((int)(index * size), size);
        bool signed = Dtype[1] == 'i';
        return size switch
        {
            1 => signed ? (sbyte)bytes[0] : bytes[0],
            2 => signed
                ? BinaryPrimitives.ReadInt16LittleEndian(bytes)
                : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            4 => signed
                ? BinaryPrimitives.ReadInt32LittleEndian(bytes)
                : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => signed
                ? BinaryPrimitives.ReadInt64LittleEndian(bytes)
                : BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
    }

    /// <summary>Bytes per element of an integer dtype ('|u1', '&lt;i8'...); 0 for any other.</summary>
    private static int IntegerBytes(string dtype) =>
        dtype switch
        {
            "|u1" or "|i1" or "<u1" or "<i1" => 1,
            "<u2" or "<i2" => 2,
            "<u4" or "<i4" => 4,
            "<u8" or "<i8" => 8,
            _ => 0,
        };

    private static int ElementBytes(string dtype) =>
        dtype switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => IntegerBytes(dtype),
        };

    /// <summary>Parses a whole .npy file's bytes; every problem is a one-line error naming
    /// <paramref name="name"/>.</summary>
    public static NpyArray Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new SparseGpuException($"{name}: not a .npy array (wrong magic)");
        int major = bytes[6];
        int headerStart = major == 1 ? 10 : 12;
        if (major is < 1 or > 3 || bytes.Length < headerStart)
            throw new SparseGpuException($"{name}: unsupported .npy format version {major}");
        long headerLength =
            major == 1
                ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))
                : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (headerStart + headerLength > bytes.Length)
            throw new SparseGpuException($"{name}: truncated .npy header");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, (int)headerLength);
        Match descr = DescrPattern().Match(header);
        Match fortran = FortranPattern().Match(header);
        Match shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new SparseGpuException($"{name}: unreadable .npy header {header.Trim()}");
        string dtype = descr.Groups[1].Value;
        if (ElementBytes(dtype) == 0)
            throw new SparseGpuException(
                $"{name}: dtype '{dtype}' is not supported (use uint8, float32 or float64 for pixels and an integer "
                    + "type for labels, little-endian)"
            );
        if (fortran.Groups[1].Value == "True")
            throw new SparseGpuException(
                $"{name}: Fortran-ordered arrays are not supported (use np.ascontiguousarray)"
            );
        int[] dimensions = shape
            .Groups[1]
            .Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture))
            .ToArray();
        long dataStart = headerStart + headerLength;
        long expected = dimensions.Aggregate(1L, (p, d) => p * d) * ElementBytes(dtype);
        if (bytes.LongLength - dataStart != expected)
            throw new SparseGpuException(
                $"{name}: holds {bytes.LongLength - dataStart} data bytes; its header announces {expected}"
            );
        return new NpyArray(name, dtype, dimensions, bytes.AsSpan((int)dataStart).ToArray());
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([0-9,\s]*)\)")]
    private static partial Regex ShapePattern();
}
