using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// Gaussian noise added to every weight, with standard deviation level × the layer's weight standard deviation;
/// one standard normal draw per link serves every level, so larger levels scale the same noise.
/// </summary>
public sealed class WeightNoise : LayerPerturbation
{
    public override string Name => "noise";
    public override string Title => "Gaussian weight noise";
    public override string LevelLabel => "noise std / layer weight std";
    public override LevelKind Kind => LevelKind.WeightStdMultiple;
    public override bool Stochastic => true;
    public override double MaxLevel => double.PositiveInfinity;
    public override int StreamId => 4;

    public override LayerDamage Prepare(Layer trained, Rng random) =>
        new Noise(
            trained.Weights.Select(_ => (float)random.NextGaussian()).ToArray(),
            StandardDeviation(trained.Weights)
        );

    private static float StandardDeviation(float[] values)
    {
        if (values.Length == 0)
            return 0f;
        double mean = values.Average(v => (double)v);
        return (float)Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    private sealed class Noise(float[] noise, float weightStd) : LayerDamage
    {
        public override Layer Apply(Layer trained, double level, Func<Rng> levelStream)
        {
            float scale = (float)(level * weightStd);
            float[] weights = new float[trained.LinkCount];
            for (int i = 0; i < weights.Length; i++)
                weights[i] = trained.Weights[i] + scale * noise[i];
            return EvaluationLayer.Of(trained.Topology, weights, trained);
        }
    }
}
