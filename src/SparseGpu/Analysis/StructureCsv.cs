using System.Globalization;
using System.Text;
using SparseGpu.Robustness;

namespace SparseGpu.Analysis;

/// <summary>
/// The tables of `sparsegpu analyze`, written atomically. Numbers round-trip ("R"); an undefined value (a statistic
/// of an empty layer, a correlation without spread) is an empty field; no path at all is log10_paths = -Infinity.
/// </summary>
public static class StructureCsv
{
    public const string StructureHeader =
        "model,method,dataset,seed,layer,inputs,outputs,links,active_neurons,in_degree_mean,in_degree_std,in_degree_max,in_degree_gini," +
        "out_degree_mean,out_degree_std,out_degree_max,out_degree_gini,zero_in_degree,zero_out_degree,strength_gini,degree_assortativity," +
        "weight_abs_mean,weight_abs_p50,weight_abs_p90,weight_abs_p99,dormant_fraction";

    public const string NetworkHeader =
        "model,method,dataset,seed,pixels,pixels_connected,pixels_connected_fraction,log10_paths,hidden_neurons,hidden_on_path_fraction," +
        "input_degree_heterogeneity";

    public const string OverlapHeader =
        "model_a,method_a,dataset_a,seed_a,model_b,method_b,dataset_b,seed_b,same_method,layer,links_a,links_b,common,jaccard";

    public const string EvolutionHeader =
        "run,method,dataset,seed,epoch,layer,links,new_links,turnover,surviving_from_initial,surviving_fraction,active_neurons,jaccard_to_final";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Number(double value) =>
        double.IsNaN(value) ? "" : double.IsNegativeInfinity(value) ? "-Infinity" : value.ToString("R", Invariant);

    private static string Number(double? value) => value is { } v ? Number(v) : "";

    private static string Integer(long value) => value.ToString(Invariant);

    private static string Identity(AnalyzedModel m) =>
        string.Join(",", CsvText.Field(m.Name), CsvText.Field(m.Method), CsvText.Field(m.Dataset), m.Seed.ToString(Invariant));

    public static void WriteStructure(string path, IEnumerable<(AnalyzedModel Model, LayerStructure Layer)> rows) =>
        Write(path, StructureHeader, rows.Select(r =>
        {
            LayerStructure s = r.Layer;
            return string.Join(",", Identity(r.Model), Integer(s.Layer), Integer(s.Inputs), Integer(s.Outputs), Integer(s.Links),
                Integer(s.ActiveNeurons), Number(s.InDegreeMean), Number(s.InDegreeStd), Integer(s.InDegreeMax), Number(s.InDegreeGini),
                Number(s.OutDegreeMean), Number(s.OutDegreeStd), Integer(s.OutDegreeMax), Number(s.OutDegreeGini), Integer(s.ZeroInDegree),
                Integer(s.ZeroOutDegree), Number(s.StrengthGini), Number(s.DegreeAssortativity), Number(s.WeightAbsMean),
                Number(s.WeightAbsP50), Number(s.WeightAbsP90), Number(s.WeightAbsP99), Number(s.DormantFraction));
        }));

    public static void WriteNetwork(string path, IEnumerable<(AnalyzedModel Model, NetworkConnectivity Connectivity)> rows) =>
        Write(path, NetworkHeader, rows.Select(r =>
        {
            NetworkConnectivity c = r.Connectivity;
            return string.Join(",", Identity(r.Model), Integer(c.Pixels), Integer(c.PixelsConnected), Number(c.PixelsConnectedFraction),
                Number(c.Log10Paths), Integer(c.HiddenNeurons), Number(c.HiddenOnPathFraction), Number(c.InputDegreeHeterogeneity));
        }));

    public static void WriteOverlap(string path, IEnumerable<OverlapRow> rows) =>
        Write(path, OverlapHeader, rows.Select(r => string.Join(",", Identity(r.A), Identity(r.B), r.SameMethod ? "true" : "false",
            Integer(r.Layer), Integer(r.LinksA), Integer(r.LinksB), Integer(r.Common), Number(r.Jaccard))));

    public static void WriteEvolution(string path, IEnumerable<EvolutionRow> rows) =>
        Write(path, EvolutionHeader, rows.Select(r => string.Join(",", CsvText.Field(r.Run), CsvText.Field(r.Method), CsvText.Field(r.Dataset),
            r.Seed.ToString(Invariant), Integer(r.Epoch), Integer(r.Layer), Integer(r.Links), r.NewLinks?.ToString(Invariant) ?? "",
            Number(r.Turnover), r.SurvivingFromInitial?.ToString(Invariant) ?? "", Number(r.SurvivingFraction), Integer(r.ActiveNeurons),
            Number(r.JaccardToFinal))));

    private static void Write(string path, string header, IEnumerable<string> lines)
    {
        var text = new StringBuilder(header).Append('\n');
        foreach (string line in lines) text.Append(line).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }
}
