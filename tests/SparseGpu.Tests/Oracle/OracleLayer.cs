using SparseGpu.Model;

namespace SparseGpu.Tests.Oracle;

/// <summary>
/// One layer as the training oracle holds it: the links of a model topology and its own double-precision copies
/// of the weights, biases and their momentum, aligned as the model aligns them (weights by link, biases by output).
/// </summary>
public sealed class OracleLayer
{
    public OracleLayer(Layer layer)
    {
        Topology = layer.Topology;
        Weights = Doubles(layer.Weights);
        WeightMomentum = Doubles(layer.WeightVelocity);
        Bias = Doubles(layer.Bias);
        BiasMomentum = Doubles(layer.BiasVelocity);
        Relu = layer.Relu;
    }

    public LayerTopology Topology { get; private set; }
    public double[] Weights { get; private set; }
    public double[] WeightMomentum { get; private set; }
    public double[] Bias { get; }
    public double[] BiasMomentum { get; }
    public bool Relu { get; }

    /// <summary>
    /// Takes the links of a topology update from <paramref name="edited"/> (the layer as the trainer loaded it after
    /// the edit) and applies the documented rule to the oracle's own values: a link that survives keeps its weight
    /// and momentum, a new link starts at weight 0 with zero momentum. A link is new when the edited layer holds it
    /// at exactly 0 and 0 (a just-removed link re-added in a full layer is new too); this holds for the first update
    /// of a run, where every surviving link still has its non-zero initial or trained values.
    /// </summary>
    public void TakeEdit(Layer edited)
    {
        if (edited.Inputs != Topology.Inputs || edited.Outputs != Topology.Outputs)
            throw new ArgumentException("a topology update cannot change a layer's size");
        var before = new Dictionary<long, int>();
        for (int link = 0; link < Topology.LinkCount; link++)
            before.Add(Topology.KeyOf(link), link);
        LayerTopology after = edited.Topology;
        double[] weights = new double[after.LinkCount];
        double[] momentum = new double[after.LinkCount];
        for (int link = 0; link < after.LinkCount; link++)
        {
            bool isNew = edited.Weights[link] == 0f && edited.WeightVelocity[link] == 0f;
            if (isNew)
                continue;
            if (!before.TryGetValue(after.KeyOf(link), out int old))
                throw new InvalidOperationException(
                    $"link {after.KeyOf(link)} has non-zero values after the update but was not there before"
                );
            weights[link] = Weights[old];
            momentum[link] = WeightMomentum[old];
        }
        Topology = after;
        Weights = weights;
        WeightMomentum = momentum;
    }

    private static double[] Doubles(float[] values) => values.Select(v => (double)v).ToArray();
}
