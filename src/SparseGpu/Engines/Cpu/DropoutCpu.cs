using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// <see cref="DropoutFormula"/> over neurons [start, end) of a [neuron][batch] buffer: each sample's word once per
/// call, each neuron's once per row, then the mask of a row's samples a vector at a time (the formula's vector body,
/// the same integer arithmetic as its scalar one, which takes the tail).
/// </summary>
internal static class DropoutCpu
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(AlignedRows rows, int count, DropoutMask mask, int start, int end)
    {
        uint[] words = new uint[count];
        for (int b = 0; b < count; b++)
            words[b] = DropoutFormula.SampleWord(mask, b);
        ref uint word = ref MemoryMarshal.GetArrayDataReference(words);
        var threshold = new Vector<uint>(mask.Threshold);
        var scale = new Vector<float>(mask.Scale);
        int width = Vector<uint>.Count;
        for (int j = start; j < end; j++)
        {
            uint neuron = DropoutFormula.NeuronWord(mask, j);
            var neuronWord = new Vector<uint>(neuron);
            ref float row = ref Unsafe.Add(ref rows.Origin, j * count);
            int b = 0;
            for (; b + width <= count; b += width)
            {
                Vector<uint> keep = DropoutFormula.Keeps(Vector.LoadUnsafe(ref word, (nuint)b), neuronWord, threshold);
                Vector<float> values = Vector.LoadUnsafe(ref row, (nuint)b);
                Vector
                    .ConditionalSelect(Vector.AsVectorSingle(keep), values * scale, Vector<float>.Zero)
                    .StoreUnsafe(ref row, (nuint)b);
            }
            for (; b < count; b++)
            {
                ref float value = ref Unsafe.Add(ref row, b);
                value = DropoutFormula.Apply(value, DropoutFormula.Keeps(words[b], neuron, mask.Threshold), mask.Scale);
            }
        }
    }
}
