namespace SparseGpu.Plotting;

/// <summary>
/// Removes the figures a job owns but did not write this time, so that a redraw or re-analysis into a folder
/// leaves no older figure (a perturbation no longer swept, an evolution figure of runs no longer analysed) beside
/// the new ones as if it were current. Only names the job itself writes are touched, never another file.
/// </summary>
internal static class StaleFigures
{
    /// <summary>The files a figure named <paramref name="stem"/> may have: its images and its CSV, and with
    /// <paramref name="legacyCsv"/> the FIGURE.csv that versions before <see cref="FigureCsv"/> wrote (only where
    /// no table of that name exists).</summary>
    private static IEnumerable<string> FilesOf(string stem, bool legacyCsv) =>
        new[] { stem + ".png", stem + ".svg", stem + FigureCsv.Suffix }.Concat(
            legacyCsv ? [stem + ".csv"] : Array.Empty<string>()
        );

    /// <summary>
    /// Deletes, in <paramref name="directory"/>, every file of the figures matching <paramref name="stems"/> (file
    /// stems, '*' allowed) that is not among <paramref name="written"/> (images; their CSVs count as written too).
    /// </summary>
    /// <param name="owns">Whether the job owns a file the stems match (null: every one); a pattern such as
    /// "robustness-random-*" also matches another drawing's figures, which it must leave alone.</param>
    /// <returns>The files removed.</returns>
    public static List<string> Remove(
        string directory,
        IEnumerable<(string Stem, bool LegacyCsv)> stems,
        IEnumerable<string> written,
        Func<string, bool>? owns = null
    )
    {
        var removed = new List<string>();
        if (!Directory.Exists(directory))
            return removed;
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in written)
        {
            kept.Add(Path.GetFullPath(file));
            kept.Add(Path.GetFullPath(FigureCsv.Of(file)));
        }
        foreach (var (stem, legacyCsv) in stems)
        foreach (string pattern in FilesOf(stem, legacyCsv))
        foreach (string file in Directory.GetFiles(directory, pattern))
        {
            // A stem pattern such as "robustness-random-*" must not reach a file of another figure's stem.
            if (kept.Contains(Path.GetFullPath(file)) || !File.Exists(file) || owns?.Invoke(file) == false)
                continue;
            File.Delete(file);
            removed.Add(file);
        }
        return removed;
    }
}
