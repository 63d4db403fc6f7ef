namespace SparseGpu.Analysis;

/// <summary>
/// The tables of `sparsegpu analyze`, written atomically. Numbers round-trip ("R"); an undefined value (a statistic
/// of an empty layer, a correlation without spread) is an empty field; no path at all is log10_paths = -Infinity.
/// </summary>
public static class StructureCsv
{
    public const string StructureHeader =
        "model,method,dataset,seed,layer,inputs,outputs,links,active_neurons,in_degree_mean,in_degree_std,"
        + "in_degree_max,in_degree_gini,"
        + "out_degree_mean,out_degree_std,out_degree_max,out_degree_gini,zero_in_degree,zero_out_degree,"
        + "strength_gini,degree_assortativity,"
        + "weight_abs_mean,weight_abs_p50,weight_abs_p90,weight_abs_p99,dormant_fraction";

    public const string NetworkHeader =
        "model,method,dataset,seed,pixels,pixels_connected,pixels_connected_fraction,log10_paths,hidden_neurons,"
        + "hidden_on_path_fraction,"
        + "input_degree_heterogeneity";

    public const string OverlapHeader =
        "model_a,method_a,dataset_a,seed_a,model_b,method_b,dataset_b,seed_b,same_method,layer,links_a,links_b,"
        + "common,jaccard";

    public const string EvolutionHeader =
        "run,method,dataset,seed,epoch,layer,links,new_links,turnover,surviving_from_initial,surviving_fraction,"
        + "active_neurons,jaccard_to_final";

    private static CsvCell Value(double? value) => value is { } v ? CsvCell.Number(v) : new CsvCell("");

    public static void WriteStructure(string path, IEnumerable<(AnalyzedModel Model, LayerStructure Layer)> rows) =>
        CsvWriter.WriteFile(
            path,
            CsvWriter.Columns(StructureHeader),
            table =>
            {
                foreach (var (m, s) in rows)
                    table.Row(
                        m.Name,
                        m.Method,
                        m.Dataset,
                        m.Seed,
                        s.Layer,
                        s.Inputs,
                        s.Outputs,
                        s.Links,
                        s.ActiveNeurons,
                        Value(s.InDegreeMean),
                        Value(s.InDegreeStd),
                        s.InDegreeMax,
                        Value(s.InDegreeGini),
                        Value(s.OutDegreeMean),
                        Value(s.OutDegreeStd),
                        s.OutDegreeMax,
                        Value(s.OutDegreeGini),
                        s.ZeroInDegree,
                        s.ZeroOutDegree,
                        Value(s.StrengthGini),
                        Value(s.DegreeAssortativity),
                        Value(s.WeightAbsMean),
                        Value(s.WeightAbsP50),
                        Value(s.WeightAbsP90),
                        Value(s.WeightAbsP99),
                        Value(s.DormantFraction)
                    );
            }
        );

    public static void WriteNetwork(
        string path,
        IEnumerable<(AnalyzedModel Model, NetworkConnectivity Connectivity)> rows
    ) =>
        CsvWriter.WriteFile(
            path,
            CsvWriter.Columns(NetworkHeader),
            table =>
            {
                foreach (var (m, c) in rows)
                    table.Row(
                        m.Name,
                        m.Method,
                        m.Dataset,
                        m.Seed,
                        c.Pixels,
                        c.PixelsConnected,
                        Value(c.PixelsConnectedFraction),
                        Value(c.Log10Paths),
                        c.HiddenNeurons,
                        Value(c.HiddenOnPathFraction),
                        Value(c.InputDegreeHeterogeneity)
                    );
            }
        );

    public static void WriteOverlap(string path, IEnumerable<OverlapRow> rows) =>
        CsvWriter.WriteFile(
            path,
            CsvWriter.Columns(OverlapHeader),
            table =>
            {
                foreach (OverlapRow r in rows)
                    table.Row(
                        r.A.Name,
                        r.A.Method,
                        r.A.Dataset,
                        r.A.Seed,
                        r.B.Name,
                        r.B.Method,
                        r.B.Dataset,
                        r.B.Seed,
                        r.SameMethod,
                        r.Layer,
                        r.LinksA,
                        r.LinksB,
                        r.Common,
                        Value(r.Jaccard)
                    );
            }
        );

    public static void WriteEvolution(string path, IEnumerable<EvolutionRow> rows) =>
        CsvWriter.WriteFile(
            path,
            CsvWriter.Columns(EvolutionHeader),
            table =>
            {
                foreach (EvolutionRow r in rows)
                    table.Row(
                        r.Run,
                        r.Method,
                        r.Dataset,
                        r.Seed,
                        r.Epoch,
                        r.Layer,
                        r.Links,
                        CsvCell.Optional(r.NewLinks),
                        Value(r.Turnover),
                        CsvCell.Optional(r.SurvivingFromInitial),
                        Value(r.SurvivingFraction),
                        r.ActiveNeurons,
                        Value(r.JaccardToFinal)
                    );
            }
        );
}
