using SparseGpu.Model;

namespace SparseGpu.Tests.Analysis;

/// <summary>A link as the tests write it: input, output, weight.</summary>
public readonly record struct HandLink(int Input, int Output, float Weight);

/// <summary>One layer as a plain list of links, the form the tests' independent computations read.</summary>
public sealed record HandLayer(int Inputs, int Outputs, IReadOnlyList<HandLink> Links);

/// <summary>Small networks built link by link, so every structural statistic can be recomputed by brute
/// force.</summary>
public static class HandBuiltNetworks
{
    /// <summary>
    /// 6 pixels → 4 → 3 → 2 classes (dense read-out). Pixel 5 has no link; hidden neuron 3 of layer 1 has inputs
    /// but no outputs; layer-2 neuron 2 has no inputs; weights of mixed sign with one dormant link (|w| = 0.001).
    /// </summary>
    public static IReadOnlyList<HandLayer> Small { get; } =
    [
        new(
            6,
            4,
            [
                new(0, 0, 0.5f),
                new(1, 0, -1.5f),
                new(2, 0, 0.25f),
                new(0, 1, 2f),
                new(3, 1, -0.001f),
                new(4, 2, 1f),
                new(1, 3, 0.75f),
            ]
        ),
        new(4, 3, [new(0, 0, 1f), new(1, 0, -0.5f), new(2, 1, 0.3f), new(0, 1, 0.2f)]),
        Dense(3, 2, 0.1f),
    ];

    public static HandLayer Dense(int inputs, int outputs, float weight) =>
        new(
            inputs,
            outputs,
            [
                .. from o in Enumerable.Range(0, outputs)
                from i in Enumerable.Range(0, inputs)
                select new HandLink(i, o, weight * (1 + i + o)),
            ]
        );

    public static Network Build(IReadOnlyList<HandLayer> layers)
    {
        var built = new List<Layer>();
        for (int k = 0; k < layers.Count; k++)
        {
            HandLayer h = layers[k];
            var topology = LayerTopology.FromLinks(h.Inputs, h.Outputs, h.Links.Select(l => (l.Input, l.Output)));
            float[] weights = new float[topology.LinkCount];
            foreach (HandLink l in h.Links)
                weights[topology.FindLink(l.Input, l.Output)] = l.Weight;
            bool hidden = k < layers.Count - 1;
            built.Add(
                new Layer(
                    topology,
                    weights,
                    new float[weights.Length],
                    new float[h.Outputs],
                    new float[h.Outputs],
                    hidden,
                    hidden
                )
            );
        }
        return new Network(built);
    }

    /// <summary>A random sparse network as hand layers (each link drawn independently), for property-style
    /// checks.</summary>
    public static IReadOnlyList<HandLayer> Random(int[] sizes, double density, int seed)
    {
        var rng = new System.Random(seed);
        var layers = new List<HandLayer>();
        for (int k = 0; k + 1 < sizes.Length; k++)
        {
            bool readout = k + 2 == sizes.Length;
            var links = new List<HandLink>();
            for (int o = 0; o < sizes[k + 1]; o++)
            for (int i = 0; i < sizes[k]; i++)
                if (readout || rng.NextDouble() < density)
                    links.Add(new HandLink(i, o, (float)(rng.NextDouble() * 2 - 1)));
            layers.Add(new HandLayer(sizes[k], sizes[k + 1], links));
        }
        return layers;
    }
}
