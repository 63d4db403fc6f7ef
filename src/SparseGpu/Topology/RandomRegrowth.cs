using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>RLR, random link regrowth: every absent link is equally likely.</summary>
public sealed class RandomRegrowth : IRegrowthStrategy
{
    public string Name => "rlr";

    public string DisplayName => "RLR";

    public string Colour => "#1f77b4";

    public bool EvolvesTopology => true;

    public bool EditsLayersInParallel => true;

    public RegrowthChoice Choose(RegrowthRequest request)
    {
        long[] keys = AbsentKeySampler.Sample(
            request.AfterRemoval.PossibleLinks,
            request.Excluded,
            request.Count,
            request.Random
        );
        return new RegrowthChoice(keys, ByScore: 0, AtRandom: keys.Length);
    }
}
