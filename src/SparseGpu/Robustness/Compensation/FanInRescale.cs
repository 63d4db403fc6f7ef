using SparseGpu.Model;

namespace SparseGpu.Robustness.Compensation;

/// <summary>
/// `--rescale fan-in`: each neuron's surviving input weights are multiplied by k/k', its fan-in in the trained
/// network over its remaining fan-in, so that the expected input of a neuron that lost links at random is what it
/// was. Computed as (w · k) / k' in double precision (w · k is exact there), then rounded to single. A neuron that
/// kept every input link, or has none left, stays as it is; so does every layer whose links are all there (at level 0
/// nothing changes, bit for bit).
/// </summary>
public static class FanInRescale
{
    /// <summary>The rescaled network; <paramref name="damaged"/> itself when no neuron lost an input link.</summary>
    public static Network Apply(Network damaged, Network trained)
    {
        bool changed = false;
        var layers = new List<Layer>(damaged.Layers.Count);
        for (int k = 0; k < damaged.Layers.Count; k++)
        {
            Layer layer = Rescaled(damaged.Layers[k], trained.Layers[k].Topology);
            changed |= !ReferenceEquals(layer, damaged.Layers[k]);
            layers.Add(layer);
        }
        return changed ? new Network(layers) : damaged;
    }

    private static Layer Rescaled(Layer layer, LayerTopology original)
    {
        LayerTopology t = layer.Topology;
        float[]? weights = null;
        for (int neuron = 0; neuron < t.Outputs; neuron++)
        {
            int remaining = t.InDegree(neuron),
                trained = original.InDegree(neuron);
            if (remaining == 0 || remaining == trained)
                continue;
            weights ??= (float[])layer.Weights.Clone();
            for (int link = t.RowOffsets[neuron]; link < t.RowOffsets[neuron + 1]; link++)
                weights[link] = (float)((double)layer.Weights[link] * trained / remaining);
        }
        return weights is null ? layer : EvaluationLayer.Of(t, weights, layer);
    }
}
