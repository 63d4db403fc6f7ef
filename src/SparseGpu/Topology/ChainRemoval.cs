using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// Chain removal (--chain-removal), as the Cannistraci-Hebb training code does it after each removal: a hidden
/// neuron left with no incoming links cannot pass anything on, so its outgoing links go; one left with no outgoing
/// links cannot influence the output, so its incoming links go. Each removal can strand a neuron of the next or the
/// previous layer, so the passes repeat until a pass removes nothing. Only links of evolving layers are removed
/// (the dense read-out keeps every link, so no hidden neuron of the last layer loses its outputs). Deterministic:
/// no random draw.
/// </summary>
public static class ChainRemoval
{
    /// <summary>Sets, in <paramref name="removed"/> (the removal rule's flags of each evolving layer, in order), the
    /// flags of every link chain removal takes out as well.</summary>
    public static void Extend(Network network, bool[][] removed)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        // Flags and surviving degrees per layer of the network; a layer that does not evolve has no flags to set.
        var flags = new bool[]?[layers.Count];
        var inDegree = new int[layers.Count][];
        var outDegree = new int[layers.Count][];
        int evolving = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            flags[i] = layers[i].Evolves ? removed[evolving++] : null;
            LayerTopology t = layers[i].Topology;
            inDegree[i] = new int[t.Outputs];
            outDegree[i] = new int[t.Inputs];
            ReadOnlySpan<int> rows = t.Rows,
                columns = t.Columns;
            for (int link = 0; link < t.LinkCount; link++)
                if (flags[i] is not { } f || !f[link])
                {
                    inDegree[i][rows[link]]++;
                    outDegree[i][columns[link]]++;
                }
        }
        bool changed = true;
        while (changed)
        {
            changed = false;
            // Hidden neuron j sits between layer b (its inputs) and layer b + 1 (its outputs).
            for (int b = 0; b + 1 < layers.Count; b++)
            for (int j = 0; j < layers[b].Outputs; j++)
            {
                if (inDegree[b][j] == 0 && outDegree[b + 1][j] > 0 && flags[b + 1] is not null)
                    changed |= RemoveOutgoing(
                        layers[b + 1].Topology,
                        j,
                        flags[b + 1]!,
                        inDegree[b + 1],
                        outDegree[b + 1]
                    );
                if (outDegree[b + 1][j] == 0 && inDegree[b][j] > 0 && flags[b] is not null)
                    changed |= RemoveIncoming(layers[b].Topology, j, flags[b]!, inDegree[b], outDegree[b]);
            }
        }
    }

    private static bool RemoveOutgoing(LayerTopology t, int input, bool[] flags, int[] inDegree, int[] outDegree)
    {
        bool any = false;
        ReadOnlySpan<int> offsets = t.TransposeOffsets,
            links = t.TransposeLinks;
        for (int p = offsets[input]; p < offsets[input + 1]; p++)
        {
            int link = links[p];
            if (flags[link])
                continue;
            flags[link] = true;
            inDegree[t.Rows[link]]--;
            outDegree[input]--;
            any = true;
        }
        return any;
    }

    private static bool RemoveIncoming(LayerTopology t, int output, bool[] flags, int[] inDegree, int[] outDegree)
    {
        bool any = false;
        ReadOnlySpan<int> offsets = t.RowOffsets;
        for (int link = offsets[output]; link < offsets[output + 1]; link++)
        {
            if (flags[link])
                continue;
            flags[link] = true;
            inDegree[output]--;
            outDegree[t.Columns[link]]--;
            any = true;
        }
        return any;
    }
}
