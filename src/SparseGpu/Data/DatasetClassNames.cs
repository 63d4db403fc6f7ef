namespace SparseGpu.Data;

/// <summary>
/// What each class index of a catalogue data set stands for, as its publishers name it, for per-class tables and
/// confusion matrices; any other data set (or class count) gets its indices as names.
/// </summary>
public static class DatasetClassNames
{
    private static readonly Dictionary<string, string[]> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mnist"] = Digits(),
        ["fashion-mnist"] =
        [
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ],
        // KMNIST's classmap: the hiragana お き す つ な は ま や れ を, romanised as its publishers do.
        ["kmnist"] = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
        // EMNIST Letters labels 1–26 are a–z with upper and lower case merged; the loader shifts them to 0–25.
        ["emnist-letters"] = Enumerable.Range(0, 26).Select(i => ((char)('a' + i)).ToString()).ToArray(),
    };

    public static IReadOnlyList<string> For(string dataset, int classes) =>
        Known.TryGetValue(dataset, out string[]? names) && names.Length == classes
            ? names
            : Enumerable
                .Range(0, classes)
                .Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();

    private static string[] Digits() =>
        Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
