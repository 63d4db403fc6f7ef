using SparseGpu.Data;
using SparseGpu.Kernels;

namespace SparseGpu.Engines;

/// <summary>
/// One batch operation at a time on host-given inputs, every array row-major [sample][unit], so tests check each
/// operation of each engine against the reference on its own (a whole-batch test cannot say which one is wrong).
/// A network must be loaded; <see cref="INetworkEngine.StoreNetwork"/> shows what <see cref="Update"/> did.
/// </summary>
public interface IOperationProbe
{
    /// <summary>The scaled pixels of images order[0..count).</summary>
    float[] Gather(ImageSet images, int[] order);

    /// <summary>The layer's output for input <paramref name="x"/>.</summary>
    float[] Forward(int layer, float[] x, int count);

    /// <summary>Losses, correctness and logit gradients of <paramref name="logits"/> against the labels of images
    /// 0..count.</summary>
    (float[] Losses, bool[] Correct, float[] Gradients) SoftmaxCrossEntropy(ImageSet images, float[] logits, int count);

    /// <summary>The gradient below the layer: masked by the ReLU of <paramref name="x"/> for layer &gt; 0, unmasked at
    /// the input.</summary>
    float[] BackwardInput(int layer, float[] dy, float[] x, int count);

    /// <summary>One SGD step of the layer from its input <paramref name="x"/> and pre-activation gradient <paramref
    /// name="dy"/>.</summary>
    void Update(int layer, float[] x, float[] dy, int count, SgdStep step);

    /// <summary>
    /// <see cref="BackwardInput"/> then <see cref="Update"/> of a layer above the first, as training runs them (an
    /// engine may fuse the two): the gradient below, masked by the ReLU of <paramref name="x"/>.
    /// </summary>
    float[] BackwardInputAndUpdate(int layer, float[] dy, float[] x, int count, SgdStep step);

    /// <summary>Inverted dropout (<see cref="IBatchOperations{TImages, TBatch, TResults}.Dropout"/>) of
    /// <paramref name="values"/> as buffer[layer].</summary>
    float[] Dropout(BatchBuffer buffer, int layer, float[] values, int count, DropoutMask mask);

    /// <summary>The layer's candidate gradient sums (<paramref name="keys"/> ascending) after accumulating each batch
    /// of <paramref name="batches"/> (its input and pre-activation gradient, <paramref name="count"/> samples
    /// each) in turn.</summary>
    float[] LinkGradients(int layer, long[] keys, IReadOnlyList<(float[] X, float[] Dy)> batches, int count);

    /// <summary>clip(x + ε·sign(gradient), 0, 1).</summary>
    float[] Fgsm(float[] x, float[] gradient, float epsilon, int count);
}
