using System.Globalization;

namespace SparseGpu;

/// <summary>Human-readable byte counts: "9.5 MiB", "28.2 KiB", "144 B".</summary>
public static class ByteSize
{
    public static string Format(long bytes) =>
        bytes switch
        {
            >= 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:F1} GiB"),
            >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB"),
            >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
            _ => $"{bytes} B",
        };
}
