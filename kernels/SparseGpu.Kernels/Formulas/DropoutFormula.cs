using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseGpu.Kernels;

/// <summary>
/// One hidden layer's dropout mask for one batch, as every engine takes it: the two 32-bit keys of (run seed, epoch,
/// layer), the keep threshold, the scale of a kept unit, and the batch's first position in the epoch. Made by
/// <see cref="DropoutFormula.Mask"/> on the host; the kernels and the CPU path read only these fields.
/// </summary>
public readonly struct DropoutMask
{
    public DropoutMask(uint sampleKey, uint neuronKey, uint threshold, float scale, int firstPosition)
    {
        SampleKey = sampleKey;
        NeuronKey = neuronKey;
        Threshold = threshold;
        Scale = scale;
        FirstPosition = firstPosition;
    }

    public readonly uint SampleKey;

    public readonly uint NeuronKey;

    /// <summary>A unit is kept when its 32 mask bits, as an unsigned integer, are at least this.</summary>
    public readonly uint Threshold;

    /// <summary>1/(1−P), the factor of a kept unit (inverted dropout).</summary>
    public readonly float Scale;

    /// <summary>The epoch position of the batch's sample 0.</summary>
    public readonly int FirstPosition;
}

/// <summary>
/// Inverted dropout's mask, a counter-based hash of (run seed, epoch, the sample's position in the epoch, hidden
/// layer, neuron): no state, so every engine, thread count and batch layout draws the same mask, and a run resumed
/// mid-epoch draws the masks it would have drawn. The ILGPU dropout kernel, the fast CPU path and the reference all
/// call these bodies.
/// </summary>
/// <remarks>
/// The exact arithmetic (every model trained with dropout depends on it), all integer and wrapping:
/// <list type="number">
/// <item>Keys, on the host, once per (seed, epoch, layer): z = Mix64(seed ⊕ 0x64726F706F7574);
/// z = Mix64(z + G·(epoch+1)); z = Mix64(z + G·(layer+1)) with G = 0x9E3779B97F4A7C15 and epoch, layer taken as
/// unsigned 32-bit; sample key = the low 32 bits of z, neuron key = the high 32. Mix64 is SplitMix64's finaliser:
/// z ⊕= z≫30; z ·= 0xBF58476D1CE4E5B9; z ⊕= z≫27; z ·= 0x94D049BB133111EB; z ⊕= z≫31.</item>
/// <item>Per sample: s = Mix32(sample key + position); per neuron: n = Mix32(neuron key + neuron), both with the
/// position and neuron index as unsigned 32-bit. Mix32 is Wellons' lowbias32: x ⊕= x≫16; x ·= 0x7FEB352D;
/// x ⊕= x≫15; x ·= 0x846CA68B; x ⊕= x≫16.</item>
/// <item>The unit's bits: b = Mix32(s ⊕ rotl(n, 16)); it is kept when b ≥ threshold, threshold = round(P·2³²)
/// (at most 2³²−1), so the keep rate is 1 − threshold/2³² ≈ 1 − P.</item>
/// <item>A kept value v becomes v·scale with scale = (float)(1/(1−P)) computed in double; a dropped one becomes 0
/// (selected, not multiplied, so a non-finite value is dropped too).</item>
/// </list>
/// Hidden layer 0 is the first sparse layer's output. A rewrite that changes any constant or step changes every
/// dropout mask, and so every model trained with dropout.
/// </remarks>
public static class DropoutFormula
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Tag = 0x64726F706F7574UL; // "dropout"

    /// <summary>The mask of hidden layer <paramref name="layer"/> for a batch starting at epoch position
    /// <paramref name="firstPosition"/>, at dropout rate <paramref name="rate"/> in [0, 1).</summary>
    public static DropoutMask Mask(ulong seed, int epoch, int layer, double rate, int firstPosition)
    {
        ulong z = Mix64(seed ^ Tag);
        z = Mix64(z + Golden * ((ulong)(uint)epoch + 1));
        z = Mix64(z + Golden * ((ulong)(uint)layer + 1));
        return new DropoutMask((uint)z, (uint)(z >> 32), Threshold(rate), Scale(rate), firstPosition);
    }

    /// <summary>round(P·2³²), at most 2³²−1.</summary>
    public static uint Threshold(double rate) => (uint)Math.Min(Math.Round(rate * 4294967296.0), uint.MaxValue);

    /// <summary>1/(1−P) in double, rounded once to float.</summary>
    public static float Scale(double rate) => (float)(1.0 / (1.0 - rate));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint SampleWord(DropoutMask mask, int sampleInBatch) =>
        PositionWord(mask, mask.FirstPosition + sampleInBatch);

    /// <summary>The word of the sample at epoch position <paramref name="position"/> (the mask's own first position
    /// not used).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint PositionWord(DropoutMask mask, int position) => Mix32(mask.SampleKey + (uint)position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NeuronWord(DropoutMask mask, int neuron)
    {
        uint n = Mix32(mask.NeuronKey + (uint)neuron);
        return (n << 16) | (n >> 16);
    }

    /// <summary>Whether the unit of these words is kept (<paramref name="neuronWord"/> already rotated, as
    /// <see cref="NeuronWord"/> returns it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Keeps(uint sampleWord, uint neuronWord, uint threshold) =>
        Mix32(sampleWord ^ neuronWord) >= threshold;

    /// <summary>Whether unit (<paramref name="sampleInBatch"/>, <paramref name="neuron"/>) is kept.</summary>
    public static bool Keeps(DropoutMask mask, int sampleInBatch, int neuron) =>
        Keeps(SampleWord(mask, sampleInBatch), NeuronWord(mask, neuron), mask.Threshold);

    /// <summary>Whether the unit of the sample at epoch position <paramref name="position"/> and
    /// <paramref name="neuron"/> is kept, by the mask's keys (its first position not used).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool KeepsAt(DropoutMask mask, int position, int neuron) =>
        Keeps(PositionWord(mask, position), NeuronWord(mask, neuron), mask.Threshold);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float value, bool keep, float scale) => keep ? value * scale : 0f;

    /// <summary><see cref="Keeps(uint, uint, uint)"/> of a vector of sample words against one neuron word, lane for
    /// lane (all bits set where kept), the same integer arithmetic as the scalar body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<uint> Keeps(Vector<uint> sampleWords, Vector<uint> neuronWord, Vector<uint> threshold) =>
        Vector.GreaterThanOrEqual(Mix32(sampleWords ^ neuronWord), threshold);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mix32(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Mix32(Vector<uint> x)
    {
        x ^= Vector.ShiftRightLogical(x, 16);
        x *= new Vector<uint>(0x7FEB352Du);
        x ^= Vector.ShiftRightLogical(x, 15);
        x *= new Vector<uint>(0x846CA68Bu);
        x ^= Vector.ShiftRightLogical(x, 16);
        return x;
    }

    private static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
