using SparseGpu.Model;

namespace SparseGpu.LinkPrediction;

/// <summary>
/// The local community of a candidate link (u, v), written literally from the definition for the reference scorers
/// (<see cref="Ch3L3Reference"/>, <see cref="CannistraciHebbReference"/>): the L3 paths v – a – b – u (a an input
/// linked to v, b an output linked to u, a–b linked), the community inputs a and outputs b on them, and each
/// community node's internal degree i(x) (links to other community nodes) and external degree
/// e(x) = deg(x) − i(x) − (links of x to u or v). One definition for every reference, so they differ only in the
/// formula they sum, and slow on purpose: it tests every pair.
/// </summary>
internal sealed class L3Community
{
    private readonly LayerTopology _t;
    private readonly int _u;
    private readonly int _v;

    private L3Community(LayerTopology t, int u, int v)
    {
        if (t.Contains(u, v))
            throw new ArgumentException($"({u},{v}) is a link, not a candidate");
        _t = t;
        _u = u;
        _v = v;
        for (int a = 0; a < t.Inputs; a++)
        {
            if (!t.Contains(a, v))
                continue;
            for (int b = 0; b < t.Outputs; b++)
                if (t.Contains(u, b) && t.Contains(a, b))
                    Paths.Add((a, b));
        }
        Inputs = Paths.Select(p => p.A).ToHashSet();
        Outputs = Paths.Select(p => p.B).ToHashSet();
    }

    /// <summary>The community of the candidate (<paramref name="u"/>, <paramref name="v"/>); an existing link is
    /// refused.</summary>
    public static L3Community Of(LayerTopology t, int u, int v) => new(t, u, v);

    /// <summary>Every path v – a – b – u, a ascending, then b ascending.</summary>
    public List<(int A, int B)> Paths { get; } = [];

    public HashSet<int> Inputs { get; }
    public HashSet<int> Outputs { get; }

    // An input's neighbours are outputs (and vice versa); u is an input and v an output.
    public int InternalOfInput(int a) => Outputs.Count(b => _t.Contains(a, b));

    public int InternalOfOutput(int b) => Inputs.Count(a => _t.Contains(a, b));

    public int ExternalOfInput(int a) => _t.OutDegree(a) - InternalOfInput(a) - (_t.Contains(a, _v) ? 1 : 0);

    public int ExternalOfOutput(int b) => _t.InDegree(b) - InternalOfOutput(b) - (_t.Contains(_u, b) ? 1 : 0);

    /// <summary>Every candidate (neither a link nor excluded) whose <paramref name="score"/>(u, v) is positive,
    /// output by output, inputs ascending: the references' All.</summary>
    public static List<ScoredLink> PositiveCandidates(
        LayerTopology t,
        ReadOnlySpan<long> excluded,
        Func<int, int, double> score
    )
    {
        var blocked = excluded.ToArray().ToHashSet();
        var result = new List<ScoredLink>();
        for (int v = 0; v < t.Outputs; v++)
        for (int u = 0; u < t.Inputs; u++)
        {
            long key = t.Key(u, v);
            if (t.Contains(u, v) || blocked.Contains(key))
                continue;
            double value = score(u, v);
            if (value > 0)
                result.Add(new ScoredLink(key, value));
        }
        return result;
    }
}
