using SparseGpu.Model;

namespace SparseGpu.Robustness.Compensation;

/// <summary>
/// `--rescale variance`: layer by layer, each hidden neuron's pre-activation on the calibration batch is mapped
/// affinely back to the trained network's mean μ and standard deviation σ on the same images: z ↦ a·(z − μ') + μ
/// with a = σ/σ', folded into the layer as weights a·w and bias a·(b − μ') + μ. Per neuron, not per layer, as batch
/// norm recalibration and REPAIR (Jordan et al. 2022) correct each channel: damage differs from neuron to neuron,
/// and one factor per layer over-amplifies the neurons that lost least. Layer k is corrected on the outputs of the
/// corrected layer k−1. A neuron whose pre-activation no longer varies on the batch (σ' = 0, e.g. no inputs left)
/// only has its mean restored. The read-out is not rescaled: its inputs are the corrected hidden layers. Layers
/// before the first changed one stay as they are, so an undamaged network is returned unchanged.
/// </summary>
public sealed class VarianceRescale
{
    private readonly CalibrationBatch _batch;
    private readonly (double[] Mean, double[] Std)[] _targets;

    /// <summary>Measures the trained network's hidden pre-activations on <paramref name="batch"/> once.</summary>
    public VarianceRescale(Network trained, CalibrationBatch batch)
    {
        _batch = batch;
        _targets = new (double[], double[])[trained.Layers.Count - 1];
        float[] x = batch.Inputs;
        for (int k = 0; k < _targets.Length; k++)
        {
            double[] z = CalibrationBatch.PreActivations(trained.Layers[k], x, batch.Count);
            _targets[k] = CalibrationBatch.Moments(z, batch.Count);
            x = CalibrationBatch.Activations(z);
        }
        Trained = trained;
    }

    public Network Trained { get; }

    public Network Apply(Network damaged)
    {
        int n = _batch.Count;
        float[] x = _batch.Inputs;
        var layers = new List<Layer>(damaged.Layers);
        bool changed = false;
        for (int k = 0; k < _targets.Length; k++)
        {
            Layer layer = damaged.Layers[k];
            changed |= !SameLayer(layer, Trained.Layers[k]);
            double[] z = CalibrationBatch.PreActivations(layer, x, n);
            if (changed)
            {
                layers[k] = Corrected(layer, CalibrationBatch.Moments(z, n), _targets[k]);
                z = CalibrationBatch.PreActivations(layers[k], x, n);
            }
            x = CalibrationBatch.Activations(z);
        }
        return changed ? new Network(layers) : damaged;
    }

    private static Layer Corrected(Layer layer, (double[] Mean, double[] Std) now, (double[] Mean, double[] Std) target)
    {
        LayerTopology t = layer.Topology;
        float[] weights = (float[])layer.Weights.Clone();
        Layer corrected = EvaluationLayer.Of(t, weights, layer);
        for (int neuron = 0; neuron < t.Outputs; neuron++)
        {
            double a = now.Std[neuron] > 0 ? target.Std[neuron] / now.Std[neuron] : 1.0;
            for (int link = t.RowOffsets[neuron]; link < t.RowOffsets[neuron + 1]; link++)
                weights[link] = (float)(a * layer.Weights[link]);
            corrected.Bias[neuron] = (float)(a * (layer.Bias[neuron] - now.Mean[neuron]) + target.Mean[neuron]);
        }
        return corrected;
    }

    private static bool SameLayer(Layer a, Layer b) =>
        a.LinkCount == b.LinkCount
        && (ReferenceEquals(a.Topology, b.Topology) || a.Topology.Keys().AsSpan().SequenceEqual(b.Topology.Keys()))
        && a.Weights.AsSpan().SequenceEqual(b.Weights)
        && a.Bias.AsSpan().SequenceEqual(b.Bias);
}
