using SparseGpu.Engines;
using SparseGpu.Model;
using SparseGpu.Tests.Training;

namespace SparseGpu.Tests.Oracle;

/// <summary>
/// Keeps a copy of every network the trainer loads into the engine: the first is the run's start, each later one
/// the network right after a topology update, from which the oracle takes the update's links.
/// </summary>
internal sealed class RecordedLoads(INetworkEngine inner) : EngineDecorator(inner)
{
    public List<Network> Networks { get; } = [];

    public override void LoadNetwork(Network network)
    {
        Networks.Add(network.Clone());
        Inner.LoadNetwork(network);
    }
}
