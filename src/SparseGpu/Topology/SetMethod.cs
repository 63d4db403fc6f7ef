using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>
/// `--method set`, Sparse Evolutionary Training as published (Mocanu et al. 2018, Nature Communications 9:2383):
/// each update removes ζ of each layer's non-negative weights (the smallest) and ζ of its negative weights (the
/// largest), each sign by its own threshold (<see cref="SignedMagnitudeRemoval"/>), then adds as many links at
/// uniformly random absent positions with random initial weights (<see cref="SetRegrowth"/>). ζ is --zeta, the
/// paper's ζ. Unlike `rlr`, a link just removed may come back (the published code draws among all positions left
/// empty after the removal) and new links do not start at zero.
/// </summary>
public sealed class SetMethod : ITopologyMethod
{
    public const string MethodName = "set";

    public string Name => MethodName;

    public string DisplayName => "SET";

    public string Colour => "#2ca02c";

    public string Summary =>
        "SET, Mocanu et al. 2018: removes ζ (--set-zeta) of the non-negative and, by a threshold of their own, of "
        + "the negative weights nearest zero, regrows as many at uniformly random absent positions with weights "
        + "from N(0, 0.1²); unlike rlr, which regrows at w = 0 and never re-adds a link just removed, a link just "
        + "removed may come back";

    public bool EvolvesTopology => true;

    /// <summary>Added with version 5.</summary>
    public int CheckpointVersion => 5;

    public bool EditsLayersInParallel => true;

    public IRemovalStrategy Removal => SignedMagnitudeRemoval.Instance;

    public IRegrowthStrategy Growth { get; } = new SetRegrowth();
}

/// <summary>
/// SET's growth rule: positions uniform among every absent link (those just removed included), initial weights drawn
/// from a normal distribution of mean 0 and standard deviation <see cref="InitialWeightSd"/> = 0.1, as the published
/// code's np.random.randn() / 10; the momentum of a new link is zero. Positions first, then one weight per new link
/// in ascending key order, from the layer's regrowth stream.
/// </summary>
public sealed class SetRegrowth : IRegrowthStrategy
{
    public const double InitialWeightSd = 0.1;

    public bool MayRegrowRemoved => true;

    public RegrowthChoice Choose(RegrowthRequest request)
    {
        long[] keys = AbsentKeySampler.Sample(
            request.AfterRemoval.PossibleLinks,
            request.Excluded,
            request.Count,
            request.Random
        );
        float[] weights = new float[keys.Length];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (float)(request.Random.NextGaussian() * InitialWeightSd);
        return new RegrowthChoice(keys, ByScore: 0, AtRandom: keys.Length, weights);
    }
}
