using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGpu.Engines.Cpu;

namespace SparseGpu.Benchmarks;

/// <summary>
/// The bound of a sparse pass: how fast this machine reads rows of one batch (batch × 4 bytes, 128 B at batch 32)
/// from random positions of an activation array of a given number of neurons, with all threads, summing each
/// row as the forward pass does. A random topology makes every link one such read, so a pass cannot move its
/// bytes faster than this; small arrays measure the caches, large ones memory.
/// </summary>
public static class RowGatherBandwidth
{
    /// <summary>
    /// Bytes per second of random row reads from an array of <paramref name="rows"/> rows (cache-line aligned, as the
    /// engine's), the best of reading them plainly and with the rows 8 or 16 reads ahead prefetched.
    /// </summary>
    public static double Measure(int rows, int batch, int threads, double seconds = 0.2) =>
        new[] { 0, 8, 16 }.Max(distance => Measure(rows, batch, threads, seconds, distance));

    private static double Measure(int rows, int batch, int threads, double seconds, int prefetchDistance)
    {
        var data = new AlignedRows(rows * batch); // the engine's own buffer type, so alignment is the same
        new Random(1).NextBytes(MemoryMarshal.AsBytes(data.AsSpan(0, data.Length))); // touch every page, any values
        const int ReadsPerRound = 1 << 20;
        int[] order = new int[ReadsPerRound];
        var random = new Random(2);
        for (int i = 0; i < order.Length; i++)
            order[i] = random.Next(rows) * batch;

        Sweep(data, order, batch, 0, Math.Min(order.Length, 65536), prefetchDistance); // warm-up (JIT, TLB)
        long reads = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            Parallel.For(
                0,
                threads,
                new ParallelOptions { MaxDegreeOfParallelism = threads },
                t =>
                    Sweep(
                        data,
                        order,
                        batch,
                        (int)((long)order.Length * t / threads),
                        (int)((long)order.Length * (t + 1) / threads),
                        prefetchDistance
                    )
            );
            reads += order.Length;
        } while (clock.Elapsed.TotalSeconds < seconds);
        return reads * (batch * 4.0 + sizeof(int)) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Four independent sums, as the sparse passes keep (one per vector of a 32-float row), so the adds
    /// are not one long dependency chain and the loads, not the arithmetic, set the pace. Prefetches as the passes
    /// do (<see cref="Simd.Prefetch(AlignedRows, int)"/>), <paramref name="prefetchDistance"/> reads ahead.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Sweep(AlignedRows data, int[] order, int batch, int start, int end, int prefetchDistance)
    {
        ref float first = ref data.Origin;
        int width = Vector<float>.Count;
        Vector<float> s0 = Vector<float>.Zero,
            s1 = s0,
            s2 = s0,
            s3 = s0;
        for (int i = start; i < end; i++)
        {
            ref float row = ref Unsafe.Add(ref first, order[i]);
            if (prefetchDistance > 0 && i + prefetchDistance < end)
                Simd.Prefetch(data, order[i + prefetchDistance]);
            int c = 0;
            for (; c + 4 * width <= batch; c += 4 * width)
            {
                s0 += Vector.LoadUnsafe(ref row, (nuint)c);
                s1 += Vector.LoadUnsafe(ref row, (nuint)(c + width));
                s2 += Vector.LoadUnsafe(ref row, (nuint)(c + 2 * width));
                s3 += Vector.LoadUnsafe(ref row, (nuint)(c + 3 * width));
            }
            for (; c + width <= batch; c += width)
                s0 += Vector.LoadUnsafe(ref row, (nuint)c);
            for (; c < batch; c++)
                s1 += new Vector<float>(Unsafe.Add(ref row, c));
        }
        return Vector.Sum((s0 + s1) + (s2 + s3));
    }
}
