namespace SparseGpu.Engines.Cpu;

/// <summary>
/// The fast CPU path (<see cref="CpuOperations"/> under the shared schedule). The ILGPU CPU accelerator simulates
/// GPU threads and is ~1000× slower per element; this engine is how machines without a GPU train.
/// </summary>
public sealed class CpuEngine(int threads = 0)
    : BatchEngine<HostImages, CpuBatch, HostResults<float>>(new CpuOperations(threads))
{
    public int Threads => ((CpuOperations)Operations).Threads;

    /// <summary>The engine's description without starting its threads.</summary>
    public static string Describe(int threads) => $"fast CPU path ({Hardware(threads)})";

    /// <summary>Threads and vector width, e.g. "2 threads, 256-bit vectors with FMA".</summary>
    public static string Hardware(int threads) =>
        $"{(threads > 0 ? threads : Environment.ProcessorCount)} threads, {Simd.Describe()}";
}
