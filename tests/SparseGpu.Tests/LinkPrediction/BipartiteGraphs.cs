using SparseGpu.Model;

namespace SparseGpu.Tests.LinkPrediction;

/// <summary>Layers for link-prediction tests, named for their awkward features.</summary>
public static class BipartiteGraphs
{
    /// <summary>design.md's worked example: inputs 0..3, outputs 0..2.</summary>
    public static LayerTopology WorkedExample() =>
        LayerTopology.FromLinks(4, 3, [(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2), (3, 2)]);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in Catalogue.Keys)
            data.Add(name);
        return data;
    }

    public static readonly IReadOnlyDictionary<string, Func<LayerTopology>> Catalogue = new Dictionary<
        string,
        Func<LayerTopology>
    >
    {
        ["worked-example"] = WorkedExample,
        ["single-link"] = () => LayerTopology.FromLinks(3, 4, [(1, 2)]),
        ["two-disconnected-parts"] = () =>
            LayerTopology.FromLinks(
                8,
                6,
                [
                    (0, 0),
                    (0, 1),
                    (1, 0),
                    (1, 2),
                    (2, 1),
                    (2, 2),
                    (3, 2),
                    (4, 3),
                    (5, 3),
                    (5, 4),
                    (6, 4),
                    (6, 5),
                    (7, 5),
                    (4, 5),
                ]
            ),
        ["complete-bipartite-minus-one"] = () =>
            LayerTopology.FromLinks(
                5,
                4,
                Enumerable
                    .Range(0, 5)
                    .SelectMany(i => Enumerable.Range(0, 4).Select(o => (i, o)))
                    .Where(l => l != (2, 3))
            ),
        ["isolated-nodes-sparse"] = () => Random(30, 25, 0.08, seed: 1, isolated: 5),
        ["medium-dense"] = () => Random(40, 35, 0.3, seed: 2, isolated: 0),
        ["wide-very-sparse"] = () => Random(120, 90, 0.03, seed: 3, isolated: 10),
        ["tall-dense"] = () => Random(15, 60, 0.5, seed: 4, isolated: 2),
    };

    /// <summary>A random layer whose first <paramref name="isolated"/> inputs and outputs have no links.</summary>
    public static LayerTopology Random(int inputs, int outputs, double density, ulong seed, int isolated)
    {
        var rng = new Rng(seed);
        var links = new List<(int, int)>();
        for (int i = isolated; i < inputs; i++)
        for (int o = isolated; o < outputs; o++)
            if (rng.NextDouble() < density)
                links.Add((i, o));
        return LayerTopology.FromLinks(inputs, outputs, links);
    }
}
