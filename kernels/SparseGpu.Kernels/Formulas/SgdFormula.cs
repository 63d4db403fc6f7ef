using System.Runtime.CompilerServices;

namespace SparseGpu.Kernels;

/// <summary>
/// The SGD step of one parameter (a link's weight or a neuron's bias) and its velocity, PyTorch's SGD with momentum
/// and weight decay: v = μv + g + λw; w -= lr·v. Biases take the same step, weight decay included. The ILGPU update
/// kernel and every CPU update loop (<c>SgdUpdateCpu</c>, the fused <c>SparseBackwardAndUpdateCpu</c>) call this one
/// body; the reference engine keeps its own, in double precision, as the independent oracle.
/// </summary>
/// <remarks>
/// Bit-identity contract (every trained model depends on it): in single precision, each operation rounded on its
/// own, in this order: μ·v; (μ·v) + g; λ·w; ((μ·v) + g) + (λ·w), stored as the new velocity v'; lr·v' (the new
/// velocity, not the old); w − (lr·v'), stored as the new parameter. No fused multiply-add: the .NET JIT never
/// contracts a·b + c, and ILGPU writes separate mul.f32 and add.f32 (which CUDA's assembler may contract on a GPU,
/// where the batch sum already differs from the CPU path's order). A rewrite that reorders these additions, fuses a
/// product into one, or steps the weight with the old velocity changes every trained model bit for bit. The caller
/// sums g over the batch; the order of that sum is the caller's own contract.
/// </remarks>
public static class SgdFormula
{
    /// <param name="parameter">The weight or bias, updated in place.</param>
    /// <param name="velocity">Its momentum buffer, updated in place (before the parameter, which reads it).</param>
    /// <param name="gradient">∂loss/∂parameter, summed over the batch.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(ref float parameter, ref float velocity, float gradient, SgdParameters sgd)
    {
        float v = sgd.Momentum * velocity + gradient + sgd.WeightDecay * parameter;
        velocity = v;
        parameter -= sgd.LearningRate * v;
    }
}
