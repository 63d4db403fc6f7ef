namespace SparseGpu;

/// <summary>"did you mean --epochs?": the closest known name by edit distance, when it is close enough to be a
/// typo.</summary>
public static class TypoHint
{
    /// <summary>The candidate nearest to <paramref name="word"/>, or null when none is within a third of its length
    /// (at least one edit): far-off suggestions mislead more than they help.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.Max(1, word.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours
    /// each cost 1 (`--epcohs` is one edit from `--epochs`).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>" (did you mean X?)", or "" when nothing is close.</summary>
    public static string Suffix(string word, IEnumerable<string> candidates, string prefix = "") =>
        Closest(word, candidates) is { } hint ? $" (did you mean {prefix}{hint}?)" : "";
}
