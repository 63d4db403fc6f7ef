using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// The weights of the first ⌊f·links⌋ links of one random order permuted among themselves (a fresh permutation per
/// level): the topology stays, the weight-to-link assignment is destroyed.
/// </summary>
public sealed class WeightShuffle : LayerPerturbation
{
    public override string Name => "shuffle";
    public override string Title => "Weight shuffling";
    public override string LevelLabel => "fraction of weights shuffled";
    public override LevelKind Kind => LevelKind.LinkFraction;
    public override bool Stochastic => true;
    public override double MaxLevel => 1.0;
    public override int StreamId => 3;

    public override LayerDamage Prepare(Layer trained, Rng random)
    {
        int[] order = Enumerable.Range(0, trained.LinkCount).ToArray();
        random.Shuffle(order.AsSpan());
        return new Shuffling(order);
    }

    private sealed class Shuffling(int[] order) : LayerDamage
    {
        public override Layer Apply(Layer trained, double level, Func<Rng> levelStream)
        {
            int count = EvaluationLayer.Count(trained.LinkCount, level);
            float[] weights = (float[])trained.Weights.Clone();
            int[] chosen = order[..count];
            int[] permuted = (int[])chosen.Clone();
            levelStream().Shuffle(permuted.AsSpan());
            for (int i = 0; i < count; i++)
                weights[chosen[i]] = trained.Weights[permuted[i]];
            return EvaluationLayer.Of(trained.Topology, weights, trained);
        }
    }
}
