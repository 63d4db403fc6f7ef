using SparseGpu.Data;
using SparseGpu.Kernels;
using SparseGpu.Model;

namespace SparseGpu.Engines.Reference;

/// <summary>
/// The batch operations over <see cref="ReferenceMath"/>: double precision, one thread, slow. Every operation of
/// every other engine is checked against these.
/// </summary>
public sealed class ReferenceOperations : IBatchOperations<HostImages, ReferenceBatch, HostResults<double>>
{
    private List<ReferenceLayer> _layers = [];

    public string Name => "reference";

    public string Description => "reference engine (double precision, single thread)";

    public LinkPrediction.ILinkScorer LinkScorer(string method) => LinkScorers.Reference(method);

    public int EvaluationChunk => 64;

    public IReadOnlyList<ReferenceLayer> Layers => _layers;

    public IReadOnlyList<LayerTopology> Topologies => _layers.Select(l => l.Topology).ToList();

    public void LoadNetwork(Network network) => _layers = network.Layers.Select(l => new ReferenceLayer(l)).ToList();

    public void StoreNetwork(Network network)
    {
        for (int k = 0; k < _layers.Count; k++)
        {
            Layer target = network.Layers[k];
            ReferenceLayer source = _layers[k];
            Copy(source.Weights, target.Weights);
            Copy(source.Velocity, target.WeightVelocity);
            Copy(source.Bias, target.Bias);
            Copy(source.BiasVelocity, target.BiasVelocity);
        }
    }

    public HostImages Upload(ImageSet images) => new(images);

    public void SetOrder(HostImages images, int[] order) => images.Order = order;

    public ReferenceBatch AllocateBatch(int capacity) => new(_layers.Count, capacity);

    public HostResults<double> AllocateResults(int length) => new(length);

    public void Gather(HostImages images, int offset, int count, ReferenceBatch batch)
    {
        int[] samples = images.Order[offset..(offset + count)];
        batch.Activations[0] = samples.Select(s => ReferenceMath.Scale(images.Images.Image(s))).ToArray();
        batch.Labels = samples.Select(s => images.Images.Labels[s]).ToArray();
    }

    public void Forward(int layer, ReferenceBatch batch, int count) =>
        batch.Activations[layer + 1] = ReferenceMath.LayerForward(_layers[layer], batch.Activations[layer]);

    public void SoftmaxCrossEntropy(
        ReferenceBatch batch,
        int count,
        bool withGradient,
        HostResults<double> results,
        int resultOffset
    )
    {
        var (losses, correct, gradients) = ReferenceMath.SoftmaxCrossEntropy(batch.Activations[^1], batch.Labels);
        losses.CopyTo(results.Losses, resultOffset);
        correct.CopyTo(results.Correct, resultOffset);
        ReferenceMath.Predictions(batch.Activations[^1]).CopyTo(results.Predicted, resultOffset);
        if (withGradient)
            batch.Gradients[^1] = gradients;
    }

    public void BackwardInput(int layer, ReferenceBatch batch, int count)
    {
        double[][] dx = ReferenceMath.LayerBackwardInput(
            _layers[layer],
            batch.Gradients[layer],
            layer > 0 ? batch.Activations[layer] : null
        );
        if (layer > 0)
            batch.Gradients[layer - 1] = dx;
        else
            batch.InputGradient = dx;
    }

    public void Update(int layer, ReferenceBatch batch, int count, SgdStep step)
    {
        ReferenceLayer l = _layers[layer];
        ReferenceGradients gradients = ReferenceMath.LayerGradients(
            l,
            batch.Activations[layer],
            batch.Gradients[layer]
        );
        ReferenceMath.SgdUpdate(l.Weights, l.Velocity, gradients.Weights, step);
        ReferenceMath.SgdUpdate(l.Bias, l.BiasVelocity, gradients.Bias, step);
    }

    public ILinkGradients AllocateLinkGradients(int layer, long[]? keys) =>
        new ReferenceLinkGradients(
            _layers[layer].Topology,
            keys ?? SparseGpu.Topology.LinkGradientTable.Candidates(_layers[layer].Topology)
        );

    public void AccumulateLinkGradients(int layer, ReferenceBatch batch, int count, ILinkGradients sums)
    {
        var own =
            sums as ReferenceLinkGradients
            ?? throw new ArgumentException("gradient sums of another engine", nameof(sums));
        double[] batchSums = ReferenceMath.LinkGradients(
            own.Layer,
            own.Keys,
            batch.Activations[layer],
            batch.Gradients[layer]
        );
        for (int c = 0; c < batchSums.Length; c++)
            own.Sums[c] += batchSums[c];
    }

    public void Dropout(ReferenceBatch batch, BatchBuffer buffer, int layer, int count, DropoutMask[] masks)
    {
        DropoutMask mask = EngineChecks.OneNetwork(masks);
        double[][][] buffers = buffer switch
        {
            BatchBuffer.Activations => batch.Activations,
            BatchBuffer.Gradients => batch.Gradients,
            _ => throw new ArgumentOutOfRangeException(nameof(buffer), buffer, "dropout acts on hidden units only"),
        };
        buffers[layer] = ReferenceMath.Dropout(buffers[layer], mask);
    }

    public void KeepInput(ReferenceBatch batch, int count) => batch.KeptInput = batch.Activations[0];

    public void Fgsm(ReferenceBatch batch, int count, float epsilon) =>
        batch.Activations[0] = batch
            .KeptInput.Zip(batch.InputGradient, (x, g) => ReferenceMath.Fgsm(x, g, epsilon))
            .ToArray();

    public void ReadResults(HostResults<double> results, int offset, Span<double> losses, Span<bool> correct)
    {
        results.Losses.AsSpan(offset, losses.Length).CopyTo(losses);
        results.Correct.AsSpan(offset, correct.Length).CopyTo(correct);
    }

    public void ReadPredictions(HostResults<double> results, int offset, Span<byte> predicted) =>
        results.Predicted.AsSpan(offset, predicted.Length).CopyTo(predicted);

    public void Write(ReferenceBatch batch, BatchBuffer buffer, int layer, int count, ReadOnlySpan<float> values)
    {
        int units = BatchBufferShape.Units(Topologies, buffer, layer);
        var rows = new double[count][];
        for (int b = 0; b < count; b++)
        {
            rows[b] = new double[units];
            for (int u = 0; u < units; u++)
                rows[b][u] = values[b * units + u];
        }
        if (buffer == BatchBuffer.Activations)
            batch.Activations[layer] = rows;
        else if (buffer == BatchBuffer.Gradients)
            batch.Gradients[layer] = rows;
        else
            batch.InputGradient = rows;
    }

    public void Read(ReferenceBatch batch, BatchBuffer buffer, int layer, int count, Span<float> values)
    {
        double[][] rows = buffer switch
        {
            BatchBuffer.Activations => batch.Activations[layer],
            BatchBuffer.Gradients => batch.Gradients[layer],
            _ => batch.InputGradient,
        };
        for (int b = 0; b < count; b++)
        for (int u = 0; u < rows[b].Length; u++)
            values[b * rows[b].Length + u] = (float)rows[b][u];
    }

    public void Synchronize() { }

    public void Dispose() { }

    private static void Copy(double[] source, float[] target)
    {
        for (int i = 0; i < source.Length; i++)
            target[i] = (float)source[i];
    }
}
