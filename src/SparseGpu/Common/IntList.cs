using System.Globalization;

namespace SparseGpu;

/// <summary>A comma-separated list of integers given to an option (`--hidden 1000,1000`), with one-line
/// errors.</summary>
public static class IntList
{
    public static int[] Parse(string text, string option)
    {
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
