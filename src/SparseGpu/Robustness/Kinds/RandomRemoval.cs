using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>Links removed in a uniformly random order.</summary>
public sealed class RandomRemoval : LinkRemoval
{
    public override string Name => "random";
    public override string Title => "Random link removal";
    public override bool Stochastic => true;
    public override int StreamId => 0;
    protected override bool RanksByWeight => false;

    protected override int[] Order(float[] weights, Rng random)
    {
        int[] order = Enumerable.Range(0, weights.Length).ToArray();
        random.Shuffle(order.AsSpan());
        return order;
    }
}
