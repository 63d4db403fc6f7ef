using SparseGpu.Data;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Engines.Reference;

/// <summary>
/// <see cref="ITrainingEngine"/> over <see cref="ReferenceMath"/>: double precision, one thread, slow. For tests
/// and tiny networks; it shows what every other engine must compute.
/// </summary>
public sealed class ReferenceEngine : ITrainingEngine
{
    private List<ReferenceLayer> _layers = [];
    private ImageSet? _train;
    private int[] _order = [];
    private float[] _losses = [];
    private bool[] _correct = [];

    public string Name => "reference";
    public string Description => "reference engine (double precision, single thread)";

    public ILinkScorer LinkScorer { get; } = new Ch3L3Reference();

    public IReadOnlyList<ReferenceLayer> Layers => _layers;

    public void LoadNetwork(Network network) => _layers = network.Layers.Select(l => new ReferenceLayer(l)).ToList();

    public void StoreNetwork(Network network)
    {
        EngineChecks.RequireSameTopology(network, _layers.Select(l => l.Topology).ToList());
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

    public void SetTrainingSet(ImageSet train)
    {
        _train = train;
        _losses = new float[train.Count];
        _correct = new bool[train.Count];
    }

    public void BeginEpoch(ReadOnlySpan<int> order) => _order = EngineChecks.RequireOrder(order, _train);

    public void TrainBatch(int offset, int count, SgdStep step)
    {
        ImageSet train = _train ?? throw new InvalidOperationException("SetTrainingSet first");
        EngineChecks.RequireBatch(offset, count, _order.Length);
        int[] samples = _order[offset..(offset + count)];
        double[][] input = samples.Select(s => ReferenceMath.Scale(train.Image(s))).ToArray();
        byte[] labels = samples.Select(s => train.Labels[s]).ToArray();

        List<double[][]> activations = ReferenceMath.Forward(_layers, input);
        var (losses, correct, logitGradients) = ReferenceMath.SoftmaxCrossEntropy(activations[^1], labels);
        ReferenceGradients[] gradients = ReferenceMath.Backward(_layers, activations, logitGradients);
        for (int k = 0; k < _layers.Count; k++)
        {
            ReferenceMath.SgdUpdate(_layers[k].Weights, _layers[k].Velocity, gradients[k].Weights, step);
            ReferenceMath.SgdUpdate(_layers[k].Bias, _layers[k].BiasVelocity, gradients[k].Bias, step);
        }
        for (int b = 0; b < count; b++)
        {
            _losses[offset + b] = (float)losses[b];
            _correct[offset + b] = correct[b];
        }
    }

    public void ReadTrainingResults(Span<float> losses, Span<bool> correct)
    {
        _losses.AsSpan(0, losses.Length).CopyTo(losses);
        _correct.AsSpan(0, correct.Length).CopyTo(correct);
    }

    public EvaluationResult Evaluate(ImageSet data)
    {
        var tally = new ResultTally();
        for (int n = 0; n < data.Count; n++)
        {
            double[][] logits = ReferenceMath.Forward(_layers, [ReferenceMath.Scale(data.Image(n))])[^1];
            var (losses, correct, _) = ReferenceMath.SoftmaxCrossEntropy(logits, data.Labels.AsSpan(n, 1));
            tally.Add(losses[0], correct[0]);
        }
        return tally.Result;
    }

    public EvaluationResult[] EvaluateAdversarial(ImageSet data, IReadOnlyList<float> epsilons)
    {
        var tallies = new ResultTally[epsilons.Count];
        for (int n = 0; n < data.Count; n++)
        {
            double[] x = ReferenceMath.Scale(data.Image(n));
            ReadOnlySpan<byte> label = data.Labels.AsSpan(n, 1);
            List<double[][]> activations = ReferenceMath.Forward(_layers, [x]);
            var (_, _, logitGradients) = ReferenceMath.SoftmaxCrossEntropy(activations[^1], label);
            double[] gradient = ReferenceMath.InputGradient(_layers, activations, logitGradients)[0];
            for (int e = 0; e < epsilons.Count; e++)
            {
                double[][] logits = ReferenceMath.Forward(_layers, [ReferenceMath.Fgsm(x, gradient, epsilons[e])])[^1];
                var (losses, correct, _) = ReferenceMath.SoftmaxCrossEntropy(logits, label);
                tallies[e].Add(losses[0], correct[0]);
            }
        }
        return tallies.Select(t => t.Result).ToArray();
    }

    public void ComputeLogits(ImageSet data, int offset, int count, Span<float> logits)
    {
        int classes = _layers[^1].Topology.Outputs;
        for (int n = 0; n < count; n++)
        {
            double[] z = ReferenceMath.Forward(_layers, [ReferenceMath.Scale(data.Image(offset + n))])[^1][0];
            for (int c = 0; c < classes; c++) logits[n * classes + c] = (float)z[c];
        }
    }

    public void Dispose() { }

    private static void Copy(double[] source, float[] target)
    {
        for (int i = 0; i < source.Length; i++) target[i] = (float)source[i];
    }
}
