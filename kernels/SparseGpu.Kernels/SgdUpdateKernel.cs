using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// Gradient and SGD step in one pass, one team of lanes per link and then per bias of each network in turn: the
/// lanes walk the batch (coalesced reads of one row of x and one row of dy), a tree reduction sums
/// g = Σ_batch x[input]·dy[output] (Σ_batch dy for a bias), and lane 0 applies <see cref="SgdFormula"/>'s step,
/// v = μv + g + λw, w -= lr·v. Only
/// existing links have gradients; none is stored. Runs after the layer's backward-input kernel, which needs the
/// weights from before the step. Two forms of the same arithmetic: <see cref="Run"/> reduces with warp shuffles (a
/// team is a warp; CUDA, Intel OpenCL, the CPU accelerator); <see cref="RunWithGroupReduction"/> reduces through
/// shared memory with group barriers (teams of a power-of-two number of lanes, at most
/// <see cref="GroupReductionLanes"/>), for OpenCL devices whose ILGPU backend has no shuffles. With as many lanes as
/// a warp, both add the same numbers in the same order.
/// </summary>
public static class SgdUpdateKernel
{
    /// <summary>Most lanes per link in the shared-memory form (a warp on NVIDIA); group sizes are multiples of the
    /// lanes.</summary>
    public const int GroupReductionLanes = 32;

    /// <summary>Largest group the shared-memory form supports (its shared array has one float per thread).</summary>
    public const int MaxGroupSize = KernelCatalog.TrainingGroupSize;

    public static void Run(SparseLayerView layer, ArrayView<float> x, ArrayView<float> dy, int batch, SgdParameters sgd)
    {
        int warpSize = Warp.WarpSize;
        int lane = Warp.LaneIdx;
        int warps = GridStride.Step / warpSize;
        int total = layer.Networks * (layer.Links + layer.Outputs);
        for (int t = GridStride.Start / warpSize; t < total; t += warps)
        {
            float partial = Partial(layer, x, dy, batch, t, lane, warpSize);
            for (int offset = warpSize / 2; offset > 0; offset /= 2)
                partial += Warp.ShuffleDown(partial, offset);
            if (lane == 0)
                Apply(layer, sgd, t, partial);
        }
    }

    /// <param name="lanes">Threads per link: a power of two that divides the group size.</param>
    public static void RunWithGroupReduction(
        SparseLayerView layer,
        ArrayView<float> x,
        ArrayView<float> dy,
        int batch,
        SgdParameters sgd,
        int lanes
    )
    {
        ArrayView<float> partials = SharedMemory.Allocate<float>(MaxGroupSize);
        int thread = Group.IdxX;
        int lane = thread % lanes;
        int teamsPerGroup = Group.DimX / lanes;
        int teams = Grid.DimX * teamsPerGroup;
        int total = layer.Networks * (layer.Links + layer.Outputs);
        // ILGPU's OpenCL backend emits Group.Barrier() as work_group_barrier(CLK_GLOBAL_MEM_FENCE) (and a group-level
        // MemoryFence the same way), which by the letter of OpenCL orders global memory only; ILGPU's own group
        // algorithms rely on it for shared memory too, as NVIDIA (bar.sync) and AMD (waits before s_barrier) honour
        // it. The OpenCL conformance tests on a device are the check.
        // The loop runs on the group's first team index, so every thread of a group makes the same number of rounds
        // and reaches every barrier; teams past the end add zeros and apply nothing.
        for (int first = Grid.IdxX * teamsPerGroup; first < total; first += teams)
        {
            int t = first + thread / lanes;
            partials[thread] = t < total ? Partial(layer, x, dy, batch, t, lane, lanes) : 0f;
            Group.Barrier();
            for (int offset = lanes / 2; offset > 0; offset /= 2)
            {
                if (lane < offset)
                    partials[thread] += partials[thread + offset];
                Group.Barrier();
            }
            // After the last barrier lane 0 reads only its own slot, which no other thread writes in the next round.
            if (lane == 0 && t < total)
                Apply(layer, sgd, t, partials[thread]);
        }
    }

    /// <summary>This lane's share of team t's gradient (link or bias u of network n, see <see cref="Locate"/>):
    /// every lanes-th sample from this lane on.</summary>
    private static float Partial(
        SparseLayerView layer,
        ArrayView<float> x,
        ArrayView<float> dy,
        int batch,
        int t,
        int lane,
        int lanes
    )
    {
        int n = Locate(layer, t, out int u);
        bool isLink = u < layer.Links;
        int output = n * layer.Outputs * batch + (isLink ? layer.Rows[n * layer.Links + u] : u - layer.Links) * batch;
        int input = isLink ? n * layer.Inputs * batch + layer.Columns[n * layer.Links + u] * batch : 0;
        float partial = 0f;
        for (int b = lane; b < batch; b += lanes)
            partial += (isLink ? x[input + b] : 1f) * dy[output + b];
        return partial;
    }

    /// <summary>The momentum step (<see cref="SgdFormula"/>) of team t's link or bias with its summed
    /// gradient.</summary>
    private static void Apply(SparseLayerView layer, SgdParameters sgd, int t, float gradient)
    {
        int n = Locate(layer, t, out int u);
        if (u < layer.Links)
        {
            int link = n * layer.Links + u;
            SgdFormula.Step(ref layer.Weights[link], ref layer.Velocity[link], gradient, sgd);
        }
        else
        {
            int j = n * layer.Outputs + u - layer.Links;
            SgdFormula.Step(ref layer.Bias[j], ref layer.BiasVelocity[j], gradient, sgd);
        }
    }

    /// <summary>Team t's network, and in <paramref name="u"/> its link (u &lt; links) or bias u − links
    /// there.</summary>
    private static int Locate(SparseLayerView layer, int t, out int u)
    {
        int perNetwork = layer.Links + layer.Outputs;
        int n = t / perNetwork;
        u = t - n * perNetwork;
        return n;
    }
}
