using System.Globalization;

namespace SparseGpu.Cli;

/// <summary>Parses option values CommandLineParser has no type for, with one-line errors.</summary>
internal static class OptionValues
{
    public static int[]? IntList(string? text, string option)
    {
        if (text is null)
            return null;
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw new InvalidSettingException($"--{option} needs a comma-separated list of integers, got '{text}'");
        return parts
            .Select(p =>
                int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                    ? v
                    : throw new InvalidSettingException($"--{option}: '{p}' is not an integer")
            )
            .ToArray();
    }
}
