namespace SparseGpu.LinkPrediction;

/// <summary>
/// Sorted excluded link keys indexed by output neuron (keys are output × inputs + input, so each output's keys are
/// one contiguous run): row offsets plus the inputs, as the scorers read them.
/// </summary>
public sealed class ExcludedLinks
{
    public ExcludedLinks(int inputs, int outputs, ReadOnlySpan<long> sortedKeys)
    {
        RowOffsets = new int[outputs + 1];
        Inputs = new int[sortedKeys.Length];
        for (int i = 0; i < sortedKeys.Length; i++)
        {
            long key = sortedKeys[i];
            if (key < 0 || key >= (long)inputs * outputs)
                throw new ArgumentException($"excluded key {key} is outside a {inputs}x{outputs} layer");
            if (i > 0 && key <= sortedKeys[i - 1])
                throw new ArgumentException("excluded keys must be strictly ascending");
            Inputs[i] = (int)(key % inputs);
            RowOffsets[(int)(key / inputs) + 1]++;
        }
        for (int v = 0; v < outputs; v++)
            RowOffsets[v + 1] += RowOffsets[v];
    }

    public int[] RowOffsets { get; }
    public int[] Inputs { get; }
}
