using SparseGpu.Engines;
using SparseGpu.Model;

namespace SparseGpu.Benchmarks;

/// <summary>
/// One pass of a training batch: its measured time, the bytes it must move, and the random-row bandwidth of the
/// array it gathers from (NaN where not measured), whose ratio is the time the pass could take at best.
/// </summary>
public sealed record PassTraffic(
    string Operation,
    double Seconds,
    double Bytes,
    int SourceRows,
    double BoundBytesPerSecond
)
{
    public double BoundSeconds => Bytes / BoundBytesPerSecond;
    public double FractionOfBound => BoundSeconds / Seconds;

    /// <summary>
    /// The sparse passes of <paramref name="operations"/> (the engine's per-operation profile) with their traffic, at
    /// batch b and R = 4b bytes per row, every layer stored as links (the dense read-out too). Per link each pass
    /// reads one row at a random position (the topology is random) plus its link's own fields; per neuron it
    /// streams its own rows:
    ///   forward k:        links·(R + 4 column + 4 weight)               + outputs·R written; rows of x (inputs)
    ///   backward input k: links·(R + 4 link + 4 row + 4 weight)         + inputs·2R (x read, dx written); rows of dy
    ///   sgd update k:     links·(R + 4 column + 8 weight + 8 velocity)  + outputs·R (dy read); rows of x (inputs)
    ///   backward input and update k (the two fused): links·(R + 4 link + 4 row + 8 weight + 8 velocity)
    ///                     + inputs·2R (x read, dx written) + outputs·R (dy read for the biases); rows of dy
    /// Gathering pixels and the softmax are not sparse passes and are left out. The dense read-out reads its rows
    /// in order, not at random, so it has no random-row bound (NaN) and stays out of the fraction.
    /// </summary>
    public static IReadOnlyList<PassTraffic> Of(
        Network network,
        int batch,
        IReadOnlyList<OperationTiming> operations,
        Func<int, double>? rowBandwidth
    )
    {
        double row = 4.0 * batch;
        var bandwidthByRows = new Dictionary<int, double>();
        double Bound(int rows) =>
            rowBandwidth is null ? double.NaN
            : bandwidthByRows.TryGetValue(rows, out double b) ? b
            : bandwidthByRows[rows] = rowBandwidth(rows);
        var passes = new List<PassTraffic>();
        foreach (OperationTiming timing in operations)
        {
            string[] words = timing.Operation.Split(' ');
            if (!int.TryParse(words[^1], out int number) || number < 1 || number > network.Layers.Count)
                continue;
            Layer layer = network.Layers[number - 1];
            double links = layer.LinkCount;
            (double bytes, int source) = string.Join(' ', words[..^1]) switch
            {
                "forward" => (links * (row + 8) + layer.Outputs * row, layer.Inputs),
                "backward input" => (links * (row + 12) + layer.Inputs * 2 * row, layer.Outputs),
                "sgd update" => (links * (row + 20) + layer.Outputs * row, layer.Inputs),
                "backward input and update" => (
                    links * (row + 24) + layer.Inputs * 2 * row + layer.Outputs * row,
                    layer.Outputs
                ),
                _ => (double.NaN, 0),
            };
            if (double.IsNaN(bytes))
                continue;
            passes.Add(
                new PassTraffic(
                    timing.Operation,
                    timing.Seconds,
                    bytes,
                    source,
                    layer.Evolves ? Bound(source) : double.NaN
                )
            );
        }
        return passes;
    }
}
