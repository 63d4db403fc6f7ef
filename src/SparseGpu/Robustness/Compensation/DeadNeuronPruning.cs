using SparseGpu.Model;

namespace SparseGpu.Robustness.Compensation;

/// <summary>
/// `--prune-dead`: removes the hidden neurons left without inputs or without outputs, and their links, until none
/// is left. Removing one can strand another, so the result is the fixed point of that iteration, computed directly:
/// a hidden neuron stays exactly when some input pixel reaches it and it reaches some read-out neuron (every neuron
/// on such a path keeps the path's links, and any other neuron loses all its inputs or all its outputs in some
/// round). Input pixels and read-out neurons are never removed. A neuron without inputs still sent its constant
/// ReLU(bias) onward; pruning it drops that constant from the next layer, which is what removing it means.
/// </summary>
public static class DeadNeuronPruning
{
    /// <summary>The network without its dead hidden neurons' links; <paramref name="network"/> itself when no dead
    /// neuron has a link left.</summary>
    public static Network Apply(Network network)
    {
        bool[][] alive = LiveHiddenNeurons(network);
        var layers = new List<Layer>(network.Layers.Count);
        for (int k = 0; k < network.Layers.Count; k++)
        {
            bool[]? liveOutputs = k < alive.Length ? alive[k] : null;
            bool[]? liveInputs = k > 0 ? alive[k - 1] : null;
            layers.Add(Keep(network.Layers[k], liveInputs, liveOutputs));
        }
        return layers.Where((layer, k) => !ReferenceEquals(layer, network.Layers[k])).Any()
            ? new Network(layers)
            : network;
    }

    /// <summary>Per hidden layer (the outputs of every layer but the read-out): whether each neuron is on some
    /// input-to-read-out path.</summary>
    public static bool[][] LiveHiddenNeurons(Network network)
    {
        int hidden = network.Layers.Count - 1;
        var reached = new bool[hidden][];
        for (int k = 0; k < hidden; k++)
        {
            LayerTopology t = network.Layers[k].Topology;
            reached[k] = new bool[t.Outputs];
            for (int neuron = 0; neuron < t.Outputs; neuron++)
            for (int link = t.RowOffsets[neuron]; link < t.RowOffsets[neuron + 1] && !reached[k][neuron]; link++)
                reached[k][neuron] = k == 0 || reached[k - 1][t.Columns[link]];
        }
        var reaches = new bool[hidden][];
        for (int k = hidden - 1; k >= 0; k--)
        {
            LayerTopology next = network.Layers[k + 1].Topology;
            reaches[k] = new bool[next.Inputs];
            for (int neuron = 0; neuron < next.Inputs; neuron++)
            {
                int from = next.TransposeOffsets[neuron],
                    to = next.TransposeOffsets[neuron + 1];
                for (int entry = from; entry < to && !reaches[k][neuron]; entry++)
                    reaches[k][neuron] = k == hidden - 1 || reaches[k + 1][next.TransposeRows[entry]];
            }
        }
        for (int k = 0; k < hidden; k++)
        for (int neuron = 0; neuron < reached[k].Length; neuron++)
            reached[k][neuron] &= reaches[k][neuron];
        return reached;
    }

    private static Layer Keep(Layer layer, bool[]? liveInputs, bool[]? liveOutputs)
    {
        LayerTopology t = layer.Topology;
        var keys = new List<long>(t.LinkCount);
        var weights = new List<float>(t.LinkCount);
        for (int link = 0; link < t.LinkCount; link++)
        {
            if (liveInputs is not null && !liveInputs[t.Columns[link]])
                continue;
            if (liveOutputs is not null && !liveOutputs[t.Rows[link]])
                continue;
            keys.Add(t.KeyOf(link));
            weights.Add(layer.Weights[link]);
        }
        if (keys.Count == t.LinkCount)
            return layer;
        // Storage order is key order, so the kept keys are still ascending.
        LayerTopology kept = LayerTopology.FromSortedKeys(t.Inputs, t.Outputs, keys.ToArray());
        return EvaluationLayer.Of(kept, weights.ToArray(), layer);
    }
}
