using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// Removal of the first ⌊f·links⌋ links of one order per layer: the links removed at a level are a subset of
/// those removed at any larger level. Subclasses say only how the order is drawn.
/// </summary>
public abstract partial class LinkRemoval : LayerPerturbation
{
    public override string LevelLabel => "fraction of links removed";

    public override LevelKind Kind => LevelKind.LinkFraction;

    public override double MaxLevel => 1.0;

    public override bool RemovesLinks => true;

    /// <summary>The order in which the layer's links go.</summary>
    protected abstract int[] Order(float[] weights, Rng random);

    public override LayerDamage Prepare(Layer trained, Rng random) => new Removal(Order(trained.Weights, random));

    private sealed class Removal(int[] order) : LayerDamage
    {
        public override Layer Apply(Layer trained, double level, Func<Rng> levelStream)
        {
            int remove = EvaluationLayer.Count(trained.LinkCount, level);
            bool[] removed = new bool[trained.LinkCount];
            for (int i = 0; i < remove; i++)
                removed[order[i]] = true;
            return EvaluationLayer.Without(trained, removed);
        }
    }
}
