using SparseGpu.Topology;

namespace SparseGpu.Tests.Topology;

/// <summary>
/// Signals for the editor's rule tests, which have no engine: the host's link scorers and a gradient table that
/// gives every position of a layer a fixed pseudo-random gradient (a few exactly 0, to exercise the ties), so RigL's
/// growth rule runs under the same rules as every other method.
/// </summary>
internal static class SyntheticSignals
{
    public static readonly SignalSources Sources = new(LinkGradients: Gradients);

    /// <summary>The registered method of that name over these signals.</summary>
    public static ITopologyMethod Method(string name) => TopologyMethods.Get(name, Sources);

    public static LinkGradientTable Gradients(RegrowthRequest request)
    {
        long possible = request.AfterRemoval.PossibleLinks;
        long[] keys = new long[possible];
        float[] gradients = new float[possible];
        for (long key = 0; key < possible; key++)
        {
            keys[key] = key;
            ulong h = unchecked((ulong)(key + 1) * 0x9E3779B97F4A7C15UL ^ (ulong)request.LayerIndex);
            gradients[key] = h % 7 == 0 ? 0f : (float)((h >> 40) / (double)(1UL << 24) - 0.5);
        }
        return new LinkGradientTable(keys, gradients);
    }
}
