using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// Gradients of the existing links and biases of a range of output neurons, applied at once with SGD momentum and
/// weight decay (the gradient is never stored). g[link] = Σ_batch x[input]·dy[output]; g[bias] = Σ_batch dy.
/// </summary>
internal static class SgdUpdateCpu
{
    public static void Run(CpuLayer layer, float[] x, float[] dy, int batch, SgdStep step, int rowStart, int rowEnd)
    {
        int[] offsets = layer.RowOffsets;
        int[] columns = layer.Columns;
        for (int j = rowStart; j < rowEnd; j++)
        {
            int gradientRow = j * batch;
            Update(layer.Bias, layer.BiasVelocity, j, Sum(dy, gradientRow, batch), step);
            for (int link = offsets[j]; link < offsets[j + 1]; link++)
                Update(layer.Weights, layer.Velocity, link, Dot(x, columns[link] * batch, dy, gradientRow, batch), step);
        }
    }

    /// <summary>The same expression, in the same order, as the ILGPU kernel and the reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update(float[] parameters, float[] velocity, int index, float gradient, SgdStep step)
    {
        float v = step.Momentum * velocity[index] + gradient + step.WeightDecay * parameters[index];
        velocity[index] = v;
        parameters[index] -= step.LearningRate * v;
    }

    private static float Dot(float[] a, int aStart, float[] b, int bStart, int count)
    {
        int width = Simd.Width;
        int c = 0;
        Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
        for (; c + 4 * width <= count; c += 4 * width)
        {
            s0 = Simd.MulAdd(Simd.Load(a, aStart + c), Simd.Load(b, bStart + c), s0);
            s1 = Simd.MulAdd(Simd.Load(a, aStart + c + width), Simd.Load(b, bStart + c + width), s1);
            s2 = Simd.MulAdd(Simd.Load(a, aStart + c + 2 * width), Simd.Load(b, bStart + c + 2 * width), s2);
            s3 = Simd.MulAdd(Simd.Load(a, aStart + c + 3 * width), Simd.Load(b, bStart + c + 3 * width), s3);
        }
        for (; c + width <= count; c += width)
            s0 = Simd.MulAdd(Simd.Load(a, aStart + c), Simd.Load(b, bStart + c), s0);
        float sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; c < count; c++) sum = Simd.MulAdd(a[aStart + c], b[bStart + c], sum);
        return sum;
    }

    private static float Sum(float[] values, int start, int count)
    {
        int width = Simd.Width;
        int c = 0;
        Vector<float> s = Vector<float>.Zero;
        for (; c + width <= count; c += width) s += Simd.Load(values, start + c);
        float sum = Vector.Sum(s);
        for (; c < count; c++) sum += values[start + c];
        return sum;
    }
}
