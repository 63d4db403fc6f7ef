using SparseGpu.Model;
using SparseGpu.Topology;

namespace SparseGpu.Training;

/// <summary>
/// Where a run stands: the network (parameters and optimizer state), the epochs completed and, for a run
/// interrupted mid-epoch, the position reached in the current epoch with the statistics gathered so far.
/// Every random stream derives from (seed, purpose, epoch, layer), so this plus the seed is the whole RNG state.
/// </summary>
public sealed class TrainingState
{
    public TrainingState(Network network) => Network = network;

    public Network Network { get; }
    public int CompletedEpochs { get; set; }

    /// <summary>Position in the current epoch's sample order where training continues (0 at an epoch
    /// boundary).</summary>
    public int NextSample { get; set; }

    /// <summary>Sum of per-sample losses over positions [0, NextSample) of the current epoch, in position
    /// order.</summary>
    public double PartialLossSum { get; set; }

    public long PartialCorrect { get; set; }
    public double PartialTrainSeconds { get; set; }

    /// <summary>The topology update that opened the current epoch, per sparse layer (empty when there was none
    /// yet).</summary>
    public IReadOnlyList<EditCounts> EpochEdits { get; set; } = [];

    public double EpochTopologySeconds { get; set; }

    /// <summary>--method imp: the network each pruning round rewinds to, once it is taken (null before, and for
    /// every other method). Checkpoints store it.</summary>
    public Network? RewindPoint { get; set; }

    public bool IsMidEpoch => NextSample > 0;

    public void StartNextEpoch()
    {
        CompletedEpochs++;
        NextSample = 0;
        PartialLossSum = 0;
        PartialCorrect = 0;
        PartialTrainSeconds = 0;
        EpochEdits = [];
        EpochTopologySeconds = 0;
    }
}
