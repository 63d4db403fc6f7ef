namespace SparseGpu.Analysis;

/// <summary>One pair of models and one sparse layer (a row of overlap.csv).</summary>
public sealed record OverlapRow(AnalyzedModel A, AnalyzedModel B, int Layer, int LinksA, int LinksB, int Common)
{
    public double Jaccard => LinksA + LinksB - Common == 0 ? 1.0 : (double)Common / (LinksA + LinksB - Common);
    public bool SameMethod => string.Equals(A.Method, B.Method, StringComparison.OrdinalIgnoreCase);
}
