using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>Links removed by |w|, largest first (weight-order) or smallest first (reverse-weight-order), ties by the
/// seed.</summary>
public sealed class WeightOrderRemoval(bool largestFirst) : LinkRemoval
{
    public override string Name => largestFirst ? "weight-order" : "reverse-weight-order";
    public override string Title =>
        largestFirst ? "Link removal, largest |w| first" : "Link removal, smallest |w| first";
    public override bool Stochastic => false;
    public override int StreamId => largestFirst ? 1 : 2;
    protected override bool RanksByWeight => true;

    protected override int[] Order(float[] weights, Rng random) => MagnitudeOrder.Sorted(weights, random, largestFirst);
}
