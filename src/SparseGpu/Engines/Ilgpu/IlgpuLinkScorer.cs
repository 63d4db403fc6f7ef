using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using SparseGpu.Kernels;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// CH3-L3 (or another Cannistraci-Hebb predictor, <see cref="CannistraciHebbRow"/>) on an ILGPU accelerator: the
/// layer goes to the device, output neurons are scored a chunk at a time (one thread each, with per-thread scratch
/// sized by a memory budget), and each chunk's candidates come back to be ranked on the host by the same
/// <see cref="BestLinks"/> selection as the CPU path. Scores are bit-identical to the CPU path's, so both select
/// the same links.
/// </summary>
internal sealed class IlgpuLinkScorer : ILinkScorer
{
    private const long ScratchBudgetBytes = 512L << 20;
    private const int CpuAcceleratorSlots = 8;

    private readonly Accelerator _accelerator;
    private readonly LinkPredictionKernels _kernels;
    private readonly int? _predictor; // null: CH3-L3's own kernel

    /// <param name="method">A <see cref="LinkPredictionMethods"/> name.</param>
    public IlgpuLinkScorer(Accelerator accelerator, string method = LinkPredictionMethods.Ch3L3)
    {
        _accelerator = accelerator;
        _kernels = LinkPredictionKernels.For(accelerator);
        _predictor = CannistraciHebbPredictors.Covers(method) ? CannistraciHebbPredictors.Of(method) : null;
    }

    public ScoredLink[] Best(LayerTopology topology, ReadOnlySpan<long> excluded, int count, LinkRanking ranking)
    {
        if (count == 0)
            return [];
        var excludedLinks = new ExcludedLinks(topology.Inputs, topology.Outputs, excluded);
        var buffers = new List<MemoryBuffer>();
        try
        {
            MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] values)
                where T : unmanaged
            {
                var buffer = _accelerator.Allocate1D<T>(Math.Max(1, values.Length));
                if (values.Length > 0)
                    buffer.View.SubView(0, values.Length).CopyFromCPU(values);
                buffers.Add(buffer);
                return buffer;
            }

            MemoryBuffer1D<T, Stride1D.Dense> Zeros<T>(long length)
                where T : unmanaged
            {
                var buffer = _accelerator.Allocate1D<T>(Math.Max(1, length));
                buffer.MemSetToZero();
                buffers.Add(buffer);
                return buffer;
            }

            var graph = new BipartiteView
            {
                Inputs = topology.Inputs,
                Outputs = topology.Outputs,
                RowOffsets = Upload(topology.RowOffsets.ToArray()).View,
                Columns = Upload(topology.Columns.ToArray()).View,
                TransposeOffsets = Upload(topology.TransposeOffsets.ToArray()).View,
                TransposeRows = Upload(topology.TransposeRows.ToArray()).View,
                ExcludedOffsets = Upload(excludedLinks.RowOffsets).View,
                ExcludedInputs = Upload(excludedLinks.Inputs).View,
            };
            int slots = Slots(topology);
            long inputCells = (long)slots * topology.Inputs,
                outputCells = (long)slots * topology.Outputs;
            var scratch = new Ch3L3Scratch
            {
                Inputs = Zeros<Ch3L3InputCell>(inputCells).View,
                Touched = Zeros<int>(inputCells).View,
                TouchedCount = Zeros<int>(slots).View,
                SharedWithVStamp = Zeros<int>(outputCells).View,
                SharedWithV = Zeros<int>(outputCells).View,
            };
            var offsets = Zeros<int>(slots);

            var best = new BestLinks(count, ranking);
            for (int first = 0; first < topology.Outputs; first += slots)
            {
                int n = Math.Min(slots, topology.Outputs - first);
                if (_predictor is { } predictor)
                    _kernels.Score(graph, scratch, first, n, predictor);
                else
                    _kernels.Score(graph, scratch, first, n);
                _accelerator.Synchronize();
                int[] counts = new int[n];
                scratch.TouchedCount.SubView(0, n).CopyToCPU(counts);
                int[] starts = new int[n];
                int total = 0;
                for (int i = 0; i < n; i++)
                {
                    starts[i] = total;
                    total += counts[i];
                }
                if (total == 0)
                    continue;
                offsets.View.SubView(0, n).CopyFromCPU(starts);
                using var keys = _accelerator.Allocate1D<long>(total);
                using var scores = _accelerator.Allocate1D<double>(total);
                _kernels.Emit(graph, scratch, first, n, offsets.View, keys.View, scores.View);
                long[] hostKeys = keys.GetAsArray1D();
                double[] hostScores = scores.GetAsArray1D();
                for (int i = 0; i < total; i++)
                    best.Offer(new ScoredLink(hostKeys[i], hostScores[i]));
            }
            return best.Ranked();
        }
        finally
        {
            foreach (MemoryBuffer buffer in buffers)
                buffer.Dispose();
        }
    }

    /// <summary>How many outputs to score at once: all of them if the scratch fits the budget.</summary>
    private int Slots(LayerTopology topology)
    {
        if (_accelerator.AcceleratorType == AcceleratorType.CPU)
            return Math.Min(CpuAcceleratorSlots, topology.Outputs);
        long perSlot = (Unsafe.SizeOf<Ch3L3InputCell>() + 4L) * topology.Inputs + 8L * topology.Outputs + 8;
        long budget = Math.Min(ScratchBudgetBytes, _accelerator.MemorySize / 4);
        return (int)Math.Clamp(budget / perSlot, 1, topology.Outputs);
    }
}
