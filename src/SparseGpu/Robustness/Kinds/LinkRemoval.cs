using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// Removal of the first ⌊f·links⌋ links of one order per layer: the links removed at a level are a subset of
/// those removed at any larger level. Subclasses say only how the order is drawn.
/// </summary>
public abstract class LinkRemoval : NetworkPerturbation
{
    public override string LevelLabel => "fraction of links removed";

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
            var keys = new List<long>(trained.LinkCount - remove);
            var weights = new List<float>(trained.LinkCount - remove);
            for (int link = 0; link < trained.LinkCount; link++)
            {
                if (removed[link])
                    continue;
                keys.Add(trained.Topology.KeyOf(link));
                weights.Add(trained.Weights[link]);
            }
            var topology = LayerTopology.FromSortedKeys(trained.Inputs, trained.Outputs, keys.ToArray());
            return EvaluationLayer.Of(topology, weights.ToArray(), trained);
        }
    }
}
