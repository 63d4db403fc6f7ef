using SparseGpu.Kernels;

namespace SparseGpu.Engines;

/// <summary>
/// Inverted dropout on the hidden units during one training epoch: the rate P in [0, 1) (0: off, the default) and
/// the run seed and 0-based epoch its masks derive from (<see cref="DropoutFormula"/>), so the mask of a unit depends
/// on nothing else (not the engine, the thread count, the batch size or where a resumed run restarted).
/// </summary>
public readonly record struct EpochDropout(double Rate, ulong Seed, int Epoch)
{
    public static EpochDropout Off => default;

    public bool IsOn => Rate > 0;

    /// <summary>The mask of hidden layer <paramref name="hiddenLayer"/> (0: the first sparse layer's output) for the
    /// batch that starts at epoch position <paramref name="firstPosition"/>.</summary>
    public DropoutMask Mask(int hiddenLayer, int firstPosition) =>
        DropoutFormula.Mask(Seed, Epoch, hiddenLayer, Rate, firstPosition);
}
