using System.Globalization;

namespace SparseGpu.Robustness;

/// <summary>robustness.csv (long format, one row per evaluation) and summary.csv, written atomically and read
/// back.</summary>
public static class RobustnessCsv
{
    public const string Header = PreRelativeHeader + ",fraction_of_remaining";

    /// <summary>The header before --relative's column existed; such files still read (the column NaN).</summary>
    public const string PreRelativeHeader =
        PreNetworkMeasuresHeader + ",largest_component_fraction,weighted_efficiency,sparse_density";

    /// <summary>The header before the network measures existed; such files still read (those measures NaN).</summary>
    public const string PreNetworkMeasuresHeader =
        PreStructureHeader + ",pixels_connected_fraction,log10_paths,no_input_fraction";

    /// <summary>The header before the structural columns existed; such files still read (structure NaN).</summary>
    public const string PreStructureHeader =
        "model,method,dataset,seed,perturbation,level,repeat,accuracy,loss,links_remaining,active_neurons";

    public const string SummaryHeader =
        "model,method,dataset,seed,perturbation,unperturbed_accuracy,auc,level_below_90pct,level_below_50pct,"
        + "accuracy_at_0.8,r_accuracy,r_largest_component,r_accuracy_relative_to_dense,"
        + "r_largest_component_relative_to_dense";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(string path, IEnumerable<RobustnessRecord> records) =>
        CsvWriter.WriteFile(
            path,
            CsvWriter.Columns(Header),
            table =>
            {
                foreach (RobustnessRecord r in records)
                    table.Row(
                        r.Model,
                        r.Method,
                        r.Dataset,
                        r.Seed,
                        r.Perturbation,
                        LevelGrid.Format(r.Level),
                        r.Repeat,
                        CsvCell.Exact(r.Accuracy),
                        CsvCell.Exact(r.Loss),
                        r.LinksRemaining,
                        r.ActiveNeurons,
                        CsvCell.Number(r.PixelsConnectedFraction),
                        CsvCell.Number(r.Log10Paths),
                        CsvCell.Number(r.NoInputFraction),
                        CsvCell.Number(r.LargestComponentFraction),
                        CsvCell.Number(r.WeightedEfficiency),
                        CsvCell.Number(r.SparseDensity),
                        CsvCell.Number(r.FractionOfRemaining)
                    );
            }
        );

    public static void WriteSummary(string path, IEnumerable<RobustnessSummaryRow> rows) =>
        CsvWriter.WriteFile(
            path,
            CsvWriter.Columns(SummaryHeader),
            table =>
            {
                foreach (RobustnessSummaryRow s in rows)
                    table.Row(
                        s.Model,
                        s.Method,
                        s.Dataset,
                        s.Seed,
                        s.Perturbation,
                        CsvCell.Rounded(s.UnperturbedAccuracy),
                        CsvCell.Rounded(s.AreaUnderCurve),
                        CsvCell.Rounded(s.LevelBelow90Percent),
                        CsvCell.Rounded(s.LevelBelow50Percent),
                        CsvCell.Rounded(s.AccuracyAt08),
                        CsvCell.Rounded(s.RAccuracy),
                        CsvCell.Rounded(s.RLargestComponent),
                        CsvCell.Rounded(s.RAccuracyRelativeToDense),
                        CsvCell.Rounded(s.RLargestComponentRelativeToDense)
                    );
            }
        );

    public static List<RobustnessRecord> Read(string path)
    {
        string[] lines = InputFile.ReadAllLines(path);
        string header = lines.Length == 0 ? "" : lines[0].Trim();
        if (
            header != Header
            && header != PreRelativeHeader
            && header != PreNetworkMeasuresHeader
            && header != PreStructureHeader
        )
            throw new SparseGpuException($"{path}:1: not a robustness.csv (expected the header '{Header}')");
        int fields = header.Split(',').Length;
        var records = new List<RobustnessRecord>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            List<string> f = CsvText.Split(lines[i]);
            if (f.Count != fields)
                throw new SparseGpuException($"{path}:{i + 1}: expected {fields} fields, found {f.Count}");
            double Structural(int index) =>
                fields <= index || f[index].Length == 0 ? double.NaN : double.Parse(f[index], Invariant);
            try
            {
                records.Add(
                    new RobustnessRecord(
                        f[0],
                        f[1],
                        f[2],
                        ulong.Parse(f[3], Invariant),
                        f[4],
                        double.Parse(f[5], Invariant),
                        int.Parse(f[6], Invariant),
                        double.Parse(f[7], Invariant),
                        double.Parse(f[8], Invariant),
                        long.Parse(f[9], Invariant),
                        int.Parse(f[10], Invariant),
                        Structural(11),
                        Structural(12),
                        Structural(13),
                        Structural(14),
                        Structural(15),
                        Structural(16),
                        Structural(17)
                    )
                );
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
        if (records.Count == 0)
            throw new SparseGpuException($"{path}: no rows after the header");
        return records;
    }
}
