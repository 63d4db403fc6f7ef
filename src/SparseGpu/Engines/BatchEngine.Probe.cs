using SparseGpu.Data;
using SparseGpu.Kernels;

namespace SparseGpu.Engines;

/// <summary>The operations one at a time, for tests (<see cref="IOperationProbe"/>); each call uses a batch of its
/// own.</summary>
public partial class BatchEngine<TImages, TBatch, TResults>
{
    float[] IOperationProbe.Gather(ImageSet images, int[] order)
    {
        using TImages resident = Operations.Upload(images);
        Operations.SetOrder(resident, order);
        using TBatch batch = ProbeBatch(order.Length);
        Operations.Gather(resident, 0, order.Length, batch);
        return ReadBack(batch, BatchBuffer.Activations, 0, order.Length);
    }

    float[] IOperationProbe.Forward(int layer, float[] x, int count)
    {
        using TBatch batch = ProbeBatch(count);
        Operations.Write(batch, BatchBuffer.Activations, layer, count, x);
        Operations.Forward(layer, batch, count);
        return ReadBack(batch, BatchBuffer.Activations, layer + 1, count);
    }

    (float[] Losses, bool[] Correct, float[] Gradients) IOperationProbe.SoftmaxCrossEntropy(
        ImageSet images,
        float[] logits,
        int count
    )
    {
        using TImages resident = Operations.Upload(images);
        using TBatch batch = ProbeBatch(count);
        using TResults results = Operations.AllocateResults(count);
        Operations.Gather(resident, 0, count, batch); // the labels
        int last = _layerSizes.Length;
        Operations.Write(batch, BatchBuffer.Activations, last, count, logits);
        Operations.SoftmaxCrossEntropy(batch, count, withGradient: true, results, 0);
        double[] losses = new double[count];
        bool[] correct = new bool[count];
        Operations.Synchronize();
        Operations.ReadResults(results, 0, losses, correct);
        return (
            losses.Select(l => (float)l).ToArray(),
            correct,
            ReadBack(batch, BatchBuffer.Gradients, last - 1, count)
        );
    }

    float[] IOperationProbe.BackwardInput(int layer, float[] dy, float[] x, int count)
    {
        using TBatch batch = ProbeBatch(count);
        Operations.Write(batch, BatchBuffer.Gradients, layer, count, dy);
        Operations.Write(batch, BatchBuffer.Activations, layer, count, x);
        Operations.BackwardInput(layer, batch, count);
        return layer > 0
            ? ReadBack(batch, BatchBuffer.Gradients, layer - 1, count)
            : ReadBack(batch, BatchBuffer.InputGradient, 0, count);
    }

    void IOperationProbe.Update(int layer, float[] x, float[] dy, int count, SgdStep step)
    {
        using TBatch batch = ProbeBatch(count);
        Operations.Write(batch, BatchBuffer.Activations, layer, count, x);
        Operations.Write(batch, BatchBuffer.Gradients, layer, count, dy);
        Operations.Update(layer, batch, count, step);
        Operations.Synchronize();
    }

    float[] IOperationProbe.BackwardInputAndUpdate(int layer, float[] dy, float[] x, int count, SgdStep step)
    {
        if (layer < 1)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, "the first layer has no gradient below it");
        using TBatch batch = ProbeBatch(count);
        Operations.Write(batch, BatchBuffer.Gradients, layer, count, dy);
        Operations.Write(batch, BatchBuffer.Activations, layer, count, x);
        Operations.BackwardInputAndUpdate(layer, batch, count, step);
        return ReadBack(batch, BatchBuffer.Gradients, layer - 1, count);
    }

    float[] IOperationProbe.Dropout(BatchBuffer buffer, int layer, float[] values, int count, DropoutMask mask)
    {
        using TBatch batch = ProbeBatch(count);
        Operations.Write(batch, buffer, layer, count, values);
        Operations.Dropout(batch, buffer, layer, count, [mask]);
        return ReadBack(batch, buffer, layer, count);
    }

    float[] IOperationProbe.LinkGradients(
        int layer,
        long[] keys,
        IReadOnlyList<(float[] X, float[] Dy)> batches,
        int count
    )
    {
        using TBatch batch = ProbeBatch(count);
        using ILinkGradients sums = Operations.AllocateLinkGradients(layer, keys);
        foreach ((float[] x, float[] dy) in batches)
        {
            Operations.Write(batch, BatchBuffer.Activations, layer, count, x);
            Operations.Write(batch, BatchBuffer.Gradients, layer, count, dy);
            Operations.AccumulateLinkGradients(layer, batch, count, sums);
        }
        Operations.Synchronize();
        return sums.Read();
    }

    float[] IOperationProbe.Fgsm(float[] x, float[] gradient, float epsilon, int count)
    {
        using TBatch batch = ProbeBatch(count);
        Operations.Write(batch, BatchBuffer.Activations, 0, count, x);
        Operations.Write(batch, BatchBuffer.InputGradient, 0, count, gradient);
        Operations.KeepInput(batch, count);
        Operations.Fgsm(batch, count, epsilon);
        return ReadBack(batch, BatchBuffer.Activations, 0, count);
    }

    private TBatch ProbeBatch(int count)
    {
        if (_layerSizes.Length == 0)
            throw new InvalidOperationException("LoadNetwork first");
        return Operations.AllocateBatch(count);
    }

    private float[] ReadBack(TBatch batch, BatchBuffer buffer, int layer, int count)
    {
        float[] values = new float[BatchBufferShape.Units(Operations.Topologies, buffer, layer) * count];
        Operations.Read(batch, buffer, layer, count, values);
        return values;
    }
}
