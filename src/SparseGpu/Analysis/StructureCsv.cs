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
        + "weight_abs_mean,weight_abs_p50,weight_abs_p90,weight_abs_p99,dormant_fraction,"
        + "weight_sq_sum,weight_sq_share_top10,weight_sq_share_top20,weight_sq_share_top50,"
        + "weight_abs_share_top10,weight_abs_share_top20,weight_abs_share_top50,participation_ratio,weight_abs_gini,"
        + "strength_degree_exponent,functionally_dead";

    public const string NetworkHeader =
        "model,method,dataset,seed,pixels,pixels_connected,pixels_connected_fraction,log10_paths,hidden_neurons,"
        + "hidden_on_path_fraction,"
        + "input_degree_heterogeneity";

    public const string OverlapHeader =
        "model_a,method_a,dataset_a,seed_a,model_b,method_b,dataset_b,seed_b,same_method,layer,links_a,links_b,"
        + "common,jaccard";

    public const string EvolutionHeader =
        "run,method,dataset,seed,epoch,layer,links,new_links,turnover,surviving_from_initial,surviving_fraction,"
        + "active_neurons,jaccard_to_final,removed_links,removed_grown_previous_fraction,link_age_mean,link_age_p50,"
        + "link_age_max,ever_used_fraction";

    public const string LinkAgeHeader = "run,method,dataset,seed,epoch,layer,age,links";

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
                        Value(s.DormantFraction),
                        Value(s.Concentration.SquareSum),
                        Value(s.Concentration.SquareShareTop10),
                        Value(s.Concentration.SquareShareTop20),
                        Value(s.Concentration.SquareShareTop50),
                        Value(s.Concentration.AbsShareTop10),
                        Value(s.Concentration.AbsShareTop20),
                        Value(s.Concentration.AbsShareTop50),
                        Value(s.Concentration.ParticipationRatio),
                        Value(s.Concentration.AbsGini),
                        Value(s.StrengthDegreeExponent),
                        CsvCell.Optional(s.FunctionallyDead)
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
                        Value(r.JaccardToFinal),
                        CsvCell.Optional(r.RemovedLinks),
                        Value(r.Age?.RemovedGrownAtPreviousFraction),
                        Value(r.Age?.AgeMean),
                        Value(r.Age?.AgeMedian),
                        CsvCell.Optional(r.Age?.AgeMax),
                        Value(r.Age?.EverUsedFraction)
                    );
            }
        );

    /// <summary>link-age.csv: per snapshot and layer, the living links of each age (only where ages are
    /// exact).</summary>
    public static void WriteLinkAge(string path, IEnumerable<EvolutionRow> rows) =>
        CsvWriter.WriteFile(
            path,
            CsvWriter.Columns(LinkAgeHeader),
            table =>
            {
                foreach (EvolutionRow r in rows)
                foreach (var (age, links) in r.Age?.AgeDistribution ?? [])
                    table.Row(r.Run, r.Method, r.Dataset, r.Seed, r.Epoch, r.Layer, age, links);
            }
        );
}
