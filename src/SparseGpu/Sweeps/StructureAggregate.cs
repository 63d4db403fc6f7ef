using SparseGpu.Analysis;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

/// <summary>One data set, method and sparse layer over its models: mean and std of each structure measure.</summary>
public sealed record StructureMethodRow(
    string Dataset,
    string Method,
    int Layer,
    int Models,
    IReadOnlyList<MeanStd> Values
);

/// <summary>
/// The structure part of `sweep aggregate`: every complete run's model analysed as by `sparsegpu analyze`
/// (aggregate/structure.csv, network.csv) and summarised per data set, method and layer over the seeds
/// (aggregate/structure-methods.csv: mean and sample std of each column).
/// </summary>
public static class StructureAggregate
{
    /// <summary>The structure.csv columns summarised, by name.</summary>
    public static readonly IReadOnlyList<(string Name, Func<LayerStructure, double> Value)> Columns =
    [
        ("active_neurons", s => s.ActiveNeurons),
        ("in_degree_std", s => s.InDegreeStd),
        ("in_degree_max", s => s.InDegreeMax),
        ("in_degree_gini", s => s.InDegreeGini),
        ("out_degree_std", s => s.OutDegreeStd),
        ("out_degree_max", s => s.OutDegreeMax),
        ("out_degree_gini", s => s.OutDegreeGini),
        ("zero_in_degree", s => s.ZeroInDegree),
        ("zero_out_degree", s => s.ZeroOutDegree),
        ("strength_gini", s => s.StrengthGini),
        ("degree_assortativity", s => s.DegreeAssortativity),
        ("weight_abs_mean", s => s.WeightAbsMean),
        ("weight_abs_p50", s => s.WeightAbsP50),
        ("weight_abs_p99", s => s.WeightAbsP99),
        ("dormant_fraction", s => s.DormantFraction),
        ("weight_sq_share_top20", s => s.Concentration.SquareShareTop20),
        ("participation_ratio", s => s.Concentration.ParticipationRatio),
        ("weight_abs_gini", s => s.Concentration.AbsGini),
        ("strength_degree_exponent", s => s.StrengthDegreeExponent),
    ];

    /// <summary>Reads the models of the complete runs (those with a model.ckpt) and writes the three tables.</summary>
    public static IReadOnlyList<AnalyzedModel> Write(string aggregateDirectory, IEnumerable<string> runFolders)
    {
        var models = runFolders
            .Where(f => File.Exists(new RunDirectory(f).Model))
            .Select(f => AnalyzedModel.FromCheckpoint(new RunDirectory(f).Model, Path.GetFileName(f)))
            .ToList();
        if (models.Count == 0)
            return models;
        var layers = models
            .SelectMany(m => Enumerable.Range(0, m.SparseLayers).Select(k => (m, LayerStructure.Of(m.Network, k))))
            .ToList();
        StructureCsv.WriteStructure(Path.Combine(aggregateDirectory, "structure.csv"), layers);
        StructureCsv.WriteNetwork(
            Path.Combine(aggregateDirectory, "network.csv"),
            models.Select(m => (m, NetworkConnectivity.Of(m.Network)))
        );
        WriteMethods(Path.Combine(aggregateDirectory, "structure-methods.csv"), ByMethod(layers));
        return models;
    }

    public static List<StructureMethodRow> ByMethod(IEnumerable<(AnalyzedModel Model, LayerStructure Layer)> layers) =>
        layers
            .GroupBy(p => (p.Model.Dataset, p.Model.Method, p.Layer.Layer))
            .OrderBy(g => g.Key.Dataset, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Method, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Layer)
            .Select(g => new StructureMethodRow(
                g.Key.Dataset,
                g.Key.Method,
                g.Key.Layer,
                g.Count(),
                Columns.Select(c => MeanStd.Of(g.Select(p => c.Value(p.Layer)).Where(v => !double.IsNaN(v)))).ToList()
            ))
            .ToList();

    private static void WriteMethods(string path, IEnumerable<StructureMethodRow> rows) =>
        CsvWriter.WriteFile(
            path,
            [
                "dataset",
                "method",
                "layer",
                "models",
                .. Columns.SelectMany(c => new[] { c.Name + "_mean", c.Name + "_std" }),
            ],
            table =>
            {
                foreach (StructureMethodRow r in rows)
                    table.Row([
                        r.Dataset,
                        r.Method,
                        r.Layer,
                        r.Models,
                        .. r.Values.SelectMany(v => new[] { CsvCell.Number(v.Mean), CsvCell.Number(v.Std) }),
                    ]);
            }
        );
}
