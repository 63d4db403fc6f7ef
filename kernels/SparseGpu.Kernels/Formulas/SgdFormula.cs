using System.Runtime.CompilerServices;

namespace SparseGpu.Kernels;

/// <summary>
/// The SGD step of one parameter (a link's weight or a neuron's bias) and its velocity, PyTorch's SGD with momentum
/// and weight decay: v = μv + g + λw; w -= lr·v. Biases take the same step, weight decay included. The ILGPU update
/// kernel and every CPU update loop (<c>SgdUpdateCpu</c>, the fused <c>SparseBackwardAndUpdateCpu</c>) call this one
/// body; the reference engine keeps its own, in double precision, as the independent oracle.
/// </summary>
/// <remarks>
/// Bit-identity contract: the step is evaluated in this order, in single precision, with no fused multiply-add
/// (C# never contracts a * b + c into an FMA): first μ·v, then (μ·v) + g, then λ·w, then ((μ·v) + g) + (λ·w), which
/// is stored as the new velocity; then lr·v (with that new v) and w − (lr·v), stored as the new parameter. Changing
/// the order of the additions, fusing a product into an addition, or using the old velocity in the weight step
/// changes every trained model bit for bit; a bit-identical rewrite must keep exactly this sequence. The gradient g
/// arrives summed over the batch by the caller, whose own order of summation is part of its own contract.
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
