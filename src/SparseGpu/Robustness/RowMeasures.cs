using SparseGpu.Analysis;
using SparseGpu.Model;

namespace SparseGpu.Robustness;

/// <summary>
/// The network-measure columns of robustness.csv (see <see cref="NetworkMeasureSet"/>) for the networks one
/// checkpoint's sweep evaluates. The last network's measures are kept: FGSM's rows all evaluate the trained network.
/// </summary>
public sealed class RowMeasures(NetworkMeasureSet set, int threads)
{
    private Network? _measured;
    private Columns _columns;

    private readonly record struct Columns(
        NetworkConnectivity Paths,
        double LargestComponent,
        double Efficiency,
        double SparseDensity
    );

    /// <summary><paramref name="row"/> with the measure columns of <paramref name="evaluated"/>, the network it
    /// evaluated.</summary>
    public RobustnessRecord Of(RobustnessRecord row, Network evaluated)
    {
        if (!ReferenceEquals(evaluated, _measured))
            (_measured, _columns) = (evaluated, Measure(evaluated));
        return row with
        {
            PixelsConnectedFraction = _columns.Paths.PixelsConnectedFraction,
            Log10Paths = _columns.Paths.Log10Paths,
            NoInputFraction = _columns.Paths.HiddenWithoutInputsFraction,
            LargestComponentFraction = _columns.LargestComponent,
            WeightedEfficiency = _columns.Efficiency,
            SparseDensity = _columns.SparseDensity,
        };
    }

    private Columns Measure(Network network) =>
        new(
            NetworkConnectivity.Of(network),
            set.Has(NetworkMeasureSet.LargestComponent)
                ? NetworkGraphMeasures.LargestComponentFraction(network)
                : double.NaN,
            set.Has(NetworkMeasureSet.Efficiency)
                ? NetworkGraphMeasures.WeightedEfficiency(network, threads)
                : double.NaN,
            set.Has(NetworkMeasureSet.Density) ? NetworkGraphMeasures.SparseDensity(network) : double.NaN
        );
}
