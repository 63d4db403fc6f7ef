using SparseGpu.Model;

namespace SparseGpu.Topology;

/// <summary>Random regrowth at zero: every candidate absent link is equally likely; new links start at w = 0.</summary>
public sealed class RandomRegrowth : IRegrowthStrategy
{
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
