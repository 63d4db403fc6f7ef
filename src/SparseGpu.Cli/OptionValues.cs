namespace SparseGpu.Cli;

/// <summary>Parses option values CommandLineParser has no type for, with one-line errors.</summary>
internal static class OptionValues
{
    public static int[]? IntList(string? text, string option) =>
        text is null ? null : SparseGpu.IntList.Parse(text, option);
}
