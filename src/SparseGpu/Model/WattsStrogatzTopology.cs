namespace SparseGpu.Model;

/// <summary>
/// <c>--init ws</c>: the bipartite Watts–Strogatz initialisation of the Cannistraci-Hebb training code (CHT, Zhang et
/// al., ICLR 2024; here as its soft-rule follow-up CHTs, Zhang et al. 2025, builds it): a ring lattice, then each
/// lattice link rewired with probability β.
/// <para>
/// The lattice. Let s and B be the smaller and larger of the layer's two sides (on a tie, the outputs count as the
/// larger: each output neuron then gets a window of inputs). Every node j of the larger side is linked to d_j
/// consecutive nodes of the smaller side, read around a ring: start_j, start_j + 1, …, start_j + d_j − 1 (mod s),
/// with start_j = trunc(j·s/B − d_j/2) (mod s), i.e. a window centred on j's place scaled to the smaller side. The
/// degrees are d_j = ⌊(j+1)·L/B⌋ − ⌊j·L/B⌋ for the layer's L links, so they sum to exactly L and differ by at most
/// one (at most s, as L ≤ s·B), and a window never holds a node twice. Two choices differ from the CHTs code, both
/// so that the layer keeps exactly its configured links and β = 0 is one fixed graph: there the degrees are
/// ⌊L/B⌋ or ⌊L/B⌋+1 with round(fraction·B) nodes at the larger value, assigned in a random order (the count can miss
/// L by rounding); here the larger degrees are spread evenly. start_j is computed in exact integer arithmetic. The
/// CHT (ICLR 2024) MLP code instead gives windows to both sides, whose overlaps leave the count short of L until
/// rewiring refills it; that lattice is not built here.
/// </para>
/// <para>
/// Rewiring, as the CHTs code: every lattice link, in key order, is removed with probability β; then as many links as
/// were removed are added, uniformly at random without replacement among all absent links (a removed link may come
/// back). β = 0 is the lattice, β = 1 a uniformly random layer of L links (an Erdős–Rényi G(n, M) graph).
/// </para>
/// </summary>
public sealed class WattsStrogatzTopology : IInitialTopology
{
    public WattsStrogatzTopology(double beta)
    {
        if (!(beta >= 0 && beta <= 1))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "the rewiring probability is in [0, 1]");
        Beta = beta;
    }

    /// <summary>The probability that a lattice link is rewired.</summary>
    public double Beta { get; }

    public LayerTopology Draw(int layer, int inputs, int outputs, int links, ulong seed)
    {
        long[] lattice = Lattice(inputs, outputs, links);
        if (Beta == 0)
            return LayerTopology.FromSortedKeys(inputs, outputs, lattice);
        Rng rng = RandomStreams.Derive(seed, RandomPurpose.Topology, 0, layer);
        var kept = new List<long>(lattice.Length);
        foreach (long key in lattice)
            if (!(rng.NextDouble() < Beta))
                kept.Add(key);
        long[] regrown = AbsentKeySampler.Sample(
            (long)inputs * outputs,
            kept.ToArray(),
            lattice.Length - kept.Count,
            rng
        );
        long[] keys = [.. kept, .. regrown];
        Array.Sort(keys);
        return LayerTopology.FromSortedKeys(inputs, outputs, keys);
    }

    /// <summary>The ring lattice's links (β = 0), as keys (output · inputs + input) in ascending order.</summary>
    public static long[] Lattice(int inputs, int outputs, int links)
    {
        bool outputsHaveWindows = outputs >= inputs;
        int larger = Math.Max(inputs, outputs),
            smaller = Math.Min(inputs, outputs);
        if (links < 0 || links > (long)smaller * larger)
            throw new ArgumentOutOfRangeException(nameof(links), links, $"a {inputs}x{outputs} layer holds fewer");
        long[] keys = new long[links];
        int n = 0;
        for (int j = 0; j < larger; j++)
        {
            int degree = (int)((long)(j + 1) * links / larger - (long)j * links / larger);
            // trunc((2·j·s − d·B) / (2·B)): C#'s integer division truncates toward zero, as the reference's int().
            long start = (2L * j * smaller - (long)degree * larger) / (2L * larger);
            int first = (int)(((start % smaller) + smaller) % smaller);
            for (int t = 0; t < degree; t++)
            {
                int other = (first + t) % smaller;
                keys[n++] = outputsHaveWindows ? (long)j * inputs + other : (long)other * inputs + j;
            }
        }
        Array.Sort(keys);
        return keys;
    }
}
