using System.Runtime.InteropServices;

namespace SparseGpu.Common;

/// <summary>
/// The processor a measurement ran on, for benchmark and report headers: memory-bound speeds (random row gathers,
/// cache-sized working sets) differ several-fold between two machines with the same core count.
/// </summary>
public static class MachineDescription
{
    /// <summary>The CPU model name from /proc/cpuinfo (Linux), else the processor architecture.</summary>
    public static string Cpu()
    {
        try
        {
            string? model = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo")
                    .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                    ?.Split(':', 2)[1]
                    .Trim()
                : null;
            return string.IsNullOrEmpty(model) ? RuntimeInformation.ProcessArchitecture.ToString() : model;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>"MODEL, N logical cores": the header line every benchmark prints beside its date.</summary>
    public static string CpuAndCores() => $"{Cpu()}, {Environment.ProcessorCount} logical cores";
}
