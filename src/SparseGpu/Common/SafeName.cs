namespace SparseGpu;

/// <summary>
/// Names read from files (data set, method, perturbation) that become parts of file names: only letters, digits,
/// '-', '_' and '.', so a crafted name such as "../../x" cannot make a figure land outside its output directory.
/// </summary>
public static class SafeName
{
    public const int MaxLength = 100;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
        && name.Trim('.').Length > 0;

    /// <param name="what">What the name is ("data set", "perturbation").</param>
    /// <param name="where">The file (and line) it came from, for the message.</param>
    public static string Require(string? name, string what, string where) =>
        IsValid(name)
            ? name!
            : throw new SparseGpuException(
                $"{where}: the {what} name '{Shown(name)}' is not a plain name (letters, digits, '-', '_', '.'), "
                    + "so it cannot name a figure"
            );

    /// <summary>The name as one short printable line.</summary>
    private static string Shown(string? name)
    {
        if (name is null)
            return "";
        string printable = new(name.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return name.Length > 60 ? printable + "..." : printable;
    }
}
