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
        // Few inputs of high degree, as a wide network's first layer: Ch3L3FewInputs takes it.
        ["few-inputs-many-outputs"] = () => Random(9, 400, 0.35, seed: 5, isolated: 2),
        ["few-inputs-with-hub-outputs"] = () => WithHubOutputs(Random(7, 300, 0.3, seed: 6, isolated: 1), hubs: 3),
    };

    /// <summary><paramref name="layer"/> with its last outputs linked to every input.</summary>
    private static LayerTopology WithHubOutputs(LayerTopology layer, int hubs)
    {
        var links = new HashSet<(int, int)>();
        for (int k = 0; k < layer.LinkCount; k++)
            links.Add(layer.LinkOfKey(layer.KeyOf(k)));
        for (int o = layer.Outputs - hubs; o < layer.Outputs; o++)
        for (int i = 0; i < layer.Inputs; i++)
            links.Add((i, o));
        return LayerTopology.FromLinks(layer.Inputs, layer.Outputs, links);
    }

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
