using SparseGpu.Model;

namespace SparseGpu.Analysis;

/// <summary>
/// Network-science measures of the undirected graph of all layers: one node per input pixel, hidden neuron and
/// output (N = inputs + hidden neurons + classes, fixed by the architecture, so a node that lost every link still
/// counts), one edge per link of every layer, the dense read-out included.
/// <list type="bullet">
/// <item>The largest connected component, as a fraction of the N nodes (every link counts, whatever its weight).</item>
/// <item>The weighted efficiency of Bellingeri et al. 2019 (Sci. Rep. 9, 10692; after Latora and Marchiori 2001):
/// E_w = 1/(N(N−1)) Σ_{i≠j} 1/d_ij, d_ij the shortest path between i and j whose links have length 1/|w| (a strong
/// link is a short one), 1/d_ij = 0 without a path. A link of weight 0 has infinite length: it carries nothing. E_w
/// is in the units of |w|; its ratio to the unperturbed network's value is what compares.</item>
/// </list>
/// E_w is computed by one Dijkstra search per source node. Up to <see cref="ExactSources"/> nodes every node is a
/// source and E_w is exact; above, the sources are a fixed systematic sample (every ⌈N/S⌉-th node in node order,
/// pixels first, so every layer is sampled in proportion to its size, and every level and repeat uses the same
/// sources), and E_w is the exact mean efficiency from those sources to all other nodes:
/// 1/(S(N−1)) Σ_{s∈sample} Σ_{j≠s} 1/d_sj, which is E_w itself when the sample is every node.
/// </summary>
public static class NetworkGraphMeasures
{
    /// <summary>Networks of at most this many nodes get E_w over every pair; larger ones over sampled
    /// sources.</summary>
    public const int ExactSources = 512;

    public static int Nodes(Network network) => network.Inputs + network.Layers.Sum(l => l.Outputs);

    /// <summary>Links of the sparse (evolving) layers over the links they could have: 1 for a dense model.</summary>
    public static double SparseDensity(Network network)
    {
        var sparse = network.Layers.Where(l => l.Evolves).ToList();
        long possible = sparse.Sum(l => l.Topology.PossibleLinks);
        return possible == 0 ? double.NaN : (double)sparse.Sum(l => (long)l.LinkCount) / possible;
    }

    /// <summary>Nodes of the largest connected component over <see cref="Nodes"/>.</summary>
    public static double LargestComponentFraction(Network network)
    {
        int[] offsets = LayerOffsets(network);
        int nodes = offsets[^1];
        int[] parent = Enumerable.Range(0, nodes).ToArray();
        int[] size = Enumerable.Repeat(1, nodes).ToArray();
        int Root(int x)
        {
            while (parent[x] != x)
                x = parent[x] = parent[parent[x]];
            return x;
        }
        for (int k = 0; k < network.Layers.Count; k++)
        {
            LayerTopology t = network.Layers[k].Topology;
            for (int link = 0; link < t.LinkCount; link++)
            {
                int a = Root(offsets[k] + t.Columns[link]),
                    b = Root(offsets[k + 1] + t.Rows[link]);
                if (a == b)
                    continue;
                if (size[a] < size[b])
                    (a, b) = (b, a);
                parent[b] = a;
                size[a] += size[b];
            }
        }
        int largest = 0;
        for (int x = 0; x < nodes; x++)
            if (parent[x] == x)
                largest = Math.Max(largest, size[x]);
        return (double)largest / nodes;
    }

    /// <summary>The source nodes of <see cref="WeightedEfficiency"/> for a network of <paramref name="nodes"/>
    /// nodes.</summary>
    public static int[] Sources(int nodes, int maxSources = ExactSources)
    {
        if (nodes <= maxSources)
            return Enumerable.Range(0, nodes).ToArray();
        int step = (nodes + maxSources - 1) / maxSources;
        return Enumerable.Range(0, (nodes + step - 1) / step).Select(i => i * step).ToArray();
    }

    /// <summary>E_w as defined above; the same value whatever <paramref name="threads"/> (0: all cores), since each
    /// source's sum is kept apart and the sums are added in source order. <paramref name="maxSources"/>: the sample
    /// size (int.MaxValue: every pair, exact).</summary>
    public static double WeightedEfficiency(Network network, int threads = 0, int maxSources = ExactSources)
    {
        var graph = new LengthGraph(network);
        int n = graph.Nodes;
        if (n < 2)
            return double.NaN;
        int[] sources = Sources(n, maxSources);
        double[] perSource = new double[sources.Length];
        Parallel.For(
            0,
            sources.Length,
            new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount },
            () => new DijkstraScratch(n),
            (i, _, scratch) =>
            {
                perSource[i] = graph.InverseDistanceSum(sources[i], scratch);
                return scratch;
            },
            _ => { }
        );
        double total = 0;
        foreach (double s in perSource)
            total += s;
        return total / ((double)sources.Length * (n - 1));
    }

    private static int[] LayerOffsets(Network network)
    {
        var offsets = new int[network.Layers.Count + 2];
        offsets[1] = network.Inputs;
        for (int k = 0; k < network.Layers.Count; k++)
            offsets[k + 2] = offsets[k + 1] + network.Layers[k].Outputs;
        return offsets;
    }

    /// <summary>
    /// The distances and an indexed binary min-heap of one search, reused across sources: the heap holds each node
    /// at most once (a shorter distance moves it up), so it never exceeds the node count, unlike a queue of
    /// duplicates.
    /// </summary>
    private sealed class DijkstraScratch(int nodes)
    {
        public readonly double[] Distance = new double[nodes];
        private readonly int[] _heap = new int[nodes];
        private readonly int[] _position = new int[nodes]; // in _heap; -1: never queued, -2: settled
        private int _count;

        public void Reset()
        {
            Array.Fill(Distance, double.PositiveInfinity);
            Array.Fill(_position, -1);
            _count = 0;
        }

        public bool Settled(int node) => _position[node] == -2;

        public bool IsEmpty => _count == 0;

        /// <summary>Queues the node at its (lowered) distance.</summary>
        public void Lower(int node, double distance)
        {
            Distance[node] = distance;
            int at = _position[node];
            if (at < 0)
            {
                at = _count++;
                _heap[at] = node;
            }
            Up(at);
        }

        public int Pop()
        {
            int top = _heap[0];
            _position[top] = -2;
            int last = _heap[--_count];
            if (_count > 0)
            {
                _heap[0] = last;
                _position[last] = 0;
                Down(0);
            }
            return top;
        }

        private void Up(int at)
        {
            int node = _heap[at];
            double d = Distance[node];
            while (at > 0)
            {
                int parent = (at - 1) >> 1;
                int above = _heap[parent];
                if (Distance[above] <= d)
                    break;
                _heap[at] = above;
                _position[above] = at;
                at = parent;
            }
            _heap[at] = node;
            _position[node] = at;
        }

        private void Down(int at)
        {
            int node = _heap[at];
            double d = Distance[node];
            while (true)
            {
                int child = 2 * at + 1;
                if (child >= _count)
                    break;
                if (child + 1 < _count && Distance[_heap[child + 1]] < Distance[_heap[child]])
                    child++;
                int below = _heap[child];
                if (Distance[below] >= d)
                    break;
                _heap[at] = below;
                _position[below] = at;
                at = child;
            }
            _heap[at] = node;
            _position[node] = at;
        }
    }

    /// <summary>The undirected graph as adjacency lists with link lengths 1/|w|; links of weight 0 left out.</summary>
    private sealed class LengthGraph
    {
        private readonly int[] _start;
        private readonly int[] _neighbour;
        private readonly double[] _length;

        public LengthGraph(Network network)
        {
            int[] offsets = LayerOffsets(network);
            Nodes = offsets[^1];
            _start = new int[Nodes + 1];
            void Each(Action<int, int, double> edge)
            {
                for (int k = 0; k < network.Layers.Count; k++)
                {
                    Layer layer = network.Layers[k];
                    LayerTopology t = layer.Topology;
                    for (int link = 0; link < t.LinkCount; link++)
                    {
                        double magnitude = Math.Abs((double)layer.Weights[link]);
                        if (magnitude > 0)
                            edge(offsets[k] + t.Columns[link], offsets[k + 1] + t.Rows[link], 1 / magnitude);
                    }
                }
            }
            Each(
                (a, b, _) =>
                {
                    _start[a + 1]++;
                    _start[b + 1]++;
                }
            );
            for (int x = 0; x < Nodes; x++)
                _start[x + 1] += _start[x];
            _neighbour = new int[_start[Nodes]];
            _length = new double[_start[Nodes]];
            int[] fill = _start[..Nodes];
            Each(
                (a, b, length) =>
                {
                    (_neighbour[fill[a]], _length[fill[a]++]) = (b, length);
                    (_neighbour[fill[b]], _length[fill[b]++]) = (a, length);
                }
            );
        }

        public int Nodes { get; }

        /// <summary>Σ_{j≠source} 1/d(source, j) over the nodes the source reaches.</summary>
        public double InverseDistanceSum(int source, DijkstraScratch scratch)
        {
            scratch.Reset();
            double[] distance = scratch.Distance;
            scratch.Lower(source, 0);
            double sum = 0;
            while (!scratch.IsEmpty)
            {
                int node = scratch.Pop();
                double d = distance[node];
                if (node != source)
                    sum += 1 / d;
                for (int e = _start[node]; e < _start[node + 1]; e++)
                {
                    int next = _neighbour[e];
                    double through = d + _length[e];
                    if (through < distance[next] && !scratch.Settled(next))
                        scratch.Lower(next, through);
                }
            }
            return sum;
        }
    }
}
