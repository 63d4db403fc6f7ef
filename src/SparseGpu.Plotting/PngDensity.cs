using System.Buffers.Binary;
using System.Text;

namespace SparseGpu.Plotting;

/// <summary>
/// Records a PNG's resolution in a pHYs chunk (pixels per metre), which image viewers and publishers read as its
/// DPI; SkiaSharp's encoder writes none.
/// </summary>
public static class PngDensity
{
    private static readonly uint[] CrcTable = Enumerable
        .Range(0, 256)
        .Select(n =>
        {
            uint c = (uint)n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            return c;
        })
        .ToArray();

    /// <summary>The PNG with a pHYs chunk for <paramref name="dpi"/> inserted after IHDR (replacing none
    /// present).</summary>
    public static byte[] Embed(byte[] png, int dpi)
    {
        const int ihdrEnd = 8 + 4 + 4 + 13 + 4; // signature, then IHDR: length, type, 13 data bytes, CRC
        if (png.Length < ihdrEnd || Encoding.ASCII.GetString(png, 12, 4) != "IHDR")
            throw new InvalidOperationException("not a PNG with a leading IHDR chunk");
        if (Dpi(png) is not null)
            return png;
        uint perMetre = (uint)Math.Round(dpi / 0.0254);
        byte[] chunk = new byte[4 + 4 + 9 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        Encoding.ASCII.GetBytes("pHYs", chunk.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), perMetre);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(12), perMetre);
        chunk[16] = 1; // unit: metre
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(17), Crc(chunk.AsSpan(4, 13)));
        return [.. png.AsSpan(0, ihdrEnd), .. chunk, .. png.AsSpan(ihdrEnd)];
    }

    /// <summary>The DPI a pHYs chunk records (horizontal, rounded), or null when the PNG has none.</summary>
    public static int? Dpi(byte[] png)
    {
        int offset = 8;
        while (offset + 12 <= png.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            if (type == "pHYs" && length == 9 && png[offset + 16] == 1)
                return (int)Math.Round(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8)) * 0.0254);
            if (type == "IDAT" || length < 0)
                return null;
            offset += 12 + length;
        }
        return null;
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in bytes)
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
