using System.Globalization;
using System.Text;

namespace SparseGpu.Robustness;

/// <summary>robustness.csv (long format, one row per evaluation) and summary.csv, written atomically and read back.</summary>
public static class RobustnessCsv
{
    public const string Header = PreStructureHeader + ",pixels_connected_fraction,log10_paths,no_input_fraction";

    /// <summary>The header before the structural columns existed; such files still read (structure NaN).</summary>
    public const string PreStructureHeader = "model,method,dataset,seed,perturbation,level,repeat,accuracy,loss,links_remaining,active_neurons";

    public const string SummaryHeader =
        "model,method,dataset,seed,perturbation,unperturbed_accuracy,auc,level_below_90pct,level_below_50pct,accuracy_at_0.8";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(string path, IEnumerable<RobustnessRecord> records)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (RobustnessRecord r in records)
            text.Append(string.Join(",", CsvText.Field(r.Model), CsvText.Field(r.Method), CsvText.Field(r.Dataset),
                r.Seed.ToString(Invariant), CsvText.Field(r.Perturbation), LevelGrid.Format(r.Level), r.Repeat.ToString(Invariant),
                r.Accuracy.ToString("R", Invariant), r.Loss.ToString("R", Invariant), r.LinksRemaining.ToString(Invariant),
                r.ActiveNeurons.ToString(Invariant), Analysis.StructureCsv.Number(r.PixelsConnectedFraction),
                Analysis.StructureCsv.Number(r.Log10Paths), Analysis.StructureCsv.Number(r.NoInputFraction))).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    public static void WriteSummary(string path, IEnumerable<RobustnessSummaryRow> rows)
    {
        static string Optional(double? value, string format) => value?.ToString(format, Invariant) ?? "";
        var text = new StringBuilder(SummaryHeader).Append('\n');
        foreach (RobustnessSummaryRow s in rows)
            text.Append(string.Join(",", CsvText.Field(s.Model), CsvText.Field(s.Method), CsvText.Field(s.Dataset),
                s.Seed.ToString(Invariant), CsvText.Field(s.Perturbation), s.UnperturbedAccuracy.ToString("0.######", Invariant),
                s.AreaUnderCurve.ToString("0.######", Invariant), Optional(s.LevelBelow90Percent, "0.######"),
                Optional(s.LevelBelow50Percent, "0.######"), Optional(s.AccuracyAt08, "0.######"))).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    public static List<RobustnessRecord> Read(string path)
    {
        string[] lines = InputFile.ReadAllLines(path);
        string header = lines.Length == 0 ? "" : lines[0].Trim();
        if (header != Header && header != PreStructureHeader)
            throw new SparseGpuException($"{path}:1: not a robustness.csv (expected the header '{Header}')");
        int fields = header.Split(',').Length;
        var records = new List<RobustnessRecord>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            List<string> f = CsvText.Split(lines[i]);
            if (f.Count != fields) throw new SparseGpuException($"{path}:{i + 1}: expected {fields} fields, found {f.Count}");
            double Structural(int index) => fields <= index || f[index].Length == 0 ? double.NaN : double.Parse(f[index], Invariant);
            try
            {
                records.Add(new RobustnessRecord(f[0], f[1], f[2], ulong.Parse(f[3], Invariant), f[4], double.Parse(f[5], Invariant),
                    int.Parse(f[6], Invariant), double.Parse(f[7], Invariant), double.Parse(f[8], Invariant),
                    long.Parse(f[9], Invariant), int.Parse(f[10], Invariant), Structural(11), Structural(12), Structural(13)));
            }
            catch (FormatException)
            {
                throw new SparseGpuException($"{path}:{i + 1}: a numeric field is not a number");
            }
            catch (OverflowException)
            {
                throw new SparseGpuException($"{path}:{i + 1}: a numeric field is out of range");
            }
            // Method, data set and perturbation become parts of figure file names.
            SafeName.Require(f[4], "perturbation", $"{path}:{i + 1}");
            SafeName.Require(f[1], "method", $"{path}:{i + 1}");
            SafeName.Require(f[2], "data set", $"{path}:{i + 1}");
        }
        if (records.Count == 0) throw new SparseGpuException($"{path}: no rows after the header");
        return records;
    }
}
