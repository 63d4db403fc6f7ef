using System.Globalization;
using System.Net;
using System.Text;

namespace SparseGpu.Sweeps;

/// <summary>
/// The verdicts section of `sweep report`: a study's verdicts.csv (written by
/// experiments/protocol-sensitivity/verdicts.py; columns in that study's README.md) as two tables. Per cell and
/// claim: the verdict, with the threshold-only verdict before it where the two differ ("holds → not resolved at
/// n = 3 …"), the effect against its margin with its 95% t and bootstrap intervals, the test, its p and Holm's p; a
/// verdict that its test did not resolve, or that no test could check, is marked. Then the verdict of each claim across
/// cells with its sign test. A verdicts.csv from before the columns existed shows its verdicts alone.
/// </summary>
public static class VerdictTable
{
    public const string FileName = "verdicts.csv";
    public const string AcrossCells = "across cells";

    private static readonly string[] Required = ["spec", "cell", "claim", "verdict"];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The rows of a verdicts.csv, each as column → value; a malformed file is a one-line error.</summary>
    public static List<Dictionary<string, string>> Read(string path)
    {
        string[] lines = InputFile
            .ReadAllText(path, "verdicts file")
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            throw new SparseGpuException($"{path}: the verdicts file is empty");
        List<string> header = CsvText.Split(lines[0]);
        foreach (string column in Required)
            if (!header.Contains(column))
                throw new SparseGpuException($"{path}: the verdicts file has no '{column}' column");
        var rows = new List<Dictionary<string, string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            List<string> fields = CsvText.Split(lines[i]);
            if (fields.Count != header.Count)
                throw new SparseGpuException(
                    $"{path}: line {i + 1} has {fields.Count} fields, the header {header.Count}"
                );
            rows.Add(header.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }
        return rows;
    }

    /// <summary>Whether a verdict is one the amendment of 2026-12-06 leaves open: a met threshold whose test was not
    /// significant after correction, or could not be run.</summary>
    public static bool IsOpen(string verdict) =>
        verdict.StartsWith("not resolved", StringComparison.Ordinal) || verdict == "untested";

    public static string ToHtml(string path)
    {
        List<Dictionary<string, string>> rows = Read(path);
        var html = new StringBuilder(
            "<p><small>Marked: a verdict whose threshold is met but whose test is not significant after Holm's "
                + "correction (not resolved, with the seeds a power calculation asks for) or could not be run "
                + "(untested). \"a → b\": the threshold-only verdict a became b. Intervals: 95%, of the effect."
                + "</small></p>\n"
                + "<table>\n<tr><th>spec</th><th>cell</th><th>claim</th><th>verdict</th><th>effect (margin)</th>"
                + "<th>t interval</th><th>bootstrap interval</th><th>test</th><th>p</th><th>p (Holm, m)</th>"
                + "<th>numbers</th></tr>\n"
        );
        foreach (Dictionary<string, string> r in rows.Where(r => r["cell"] != AcrossCells))
        {
            string verdict = r["verdict"];
            string before = Field(r, "threshold_verdict");
            string shown = before.Length > 0 && before != verdict ? $"{before} → {verdict}" : verdict;
            string mark = IsOpen(verdict) ? " class=\"open\"" : "";
            html.Append(
                $"<tr><td>{E(r["spec"])}</td><td>{E(r["cell"])}</td><td>{E(r["claim"])}</td>"
                    + $"<td{mark}>{E(shown)}</td>"
                    + $"<td class=\"n\">{Effect(r)}</td>"
                    + $"<td class=\"n\">{Interval(r, "ci_t")}</td><td class=\"n\">{Interval(r, "ci_bootstrap")}</td>"
                    + $"<td>{E(Field(r, "test"))}</td><td class=\"n\">{Number(Field(r, "p"))}</td>"
                    + $"<td class=\"n\">{Holm(r)}</td><td>{E(Field(r, "numbers"))}</td></tr>\n"
            );
        }
        html.Append("</table>\n");
        List<Dictionary<string, string>> across = rows.Where(r => r["cell"] == AcrossCells).ToList();
        if (across.Count == 0)
            return html.ToString();
        html.Append("<table>\n<tr><th>spec</th><th>claim</th><th>across cells</th><th>sign test</th></tr>\n");
        foreach (Dictionary<string, string> r in across)
            html.Append(
                $"<tr><td>{E(r["spec"])}</td><td>{E(r["claim"])}</td><td>{E(r["verdict"])}</td>"
                    + $"<td>{E(Sign(r))}</td></tr>\n"
            );
        return html.Append("</table>\n").ToString();
    }

    private static string Field(Dictionary<string, string> row, string column) =>
        row.TryGetValue(column, out string? value) ? value : "";

    private static string Effect(Dictionary<string, string> r) =>
        Field(r, "effect").Length == 0 ? "–" : $"{Number(Field(r, "effect"))} ({Number(Field(r, "margin"))})";

    private static string Interval(Dictionary<string, string> r, string prefix) =>
        Field(r, prefix + "_low").Length == 0
            ? "–"
            : $"[{Number(Field(r, prefix + "_low"))}, {Number(Field(r, prefix + "_high"))}]";

    private static string Holm(Dictionary<string, string> r) =>
        Field(r, "p_holm").Length == 0 ? "–" : $"{Number(Field(r, "p_holm"))} ({E(Field(r, "holm_family"))})";

    private static string Sign(Dictionary<string, string> r) =>
        Field(r, "p_sign").Length == 0
            ? "–"
            : $"{Field(r, "sign_cells_for")} of {Field(r, "sign_cells")} cells on the claim's side, "
                + $"p = {Number(Field(r, "p_sign"))}";

    /// <summary>Four significant digits of a number the CSV gives with ten; text that is not a number as it
    /// is.</summary>
    private static string Number(string text) =>
        text.Length == 0 ? "–"
        : double.TryParse(text, NumberStyles.Float, Invariant, out double value) ? E(value.ToString("G4", Invariant))
        : E(text);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
