using System.Text.RegularExpressions;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace SparseGpu.Engines.Ilgpu.Compilation;

/// <summary>Parses the architectures and vendors that `sparsegpu kernels` compiles for.</summary>
public static partial class KernelTargets
{
    /// <summary>The architectures PTX ISA 7.8 (CUDA 11.8, the ptxas Debian ships) can target, oldest first.</summary>
    public static readonly IReadOnlyList<string> PtxArchitectures =
    [
        "sm_60",
        "sm_61",
        "sm_70",
        "sm_75",
        "sm_80",
        "sm_86",
        "sm_89",
        "sm_90",
    ];

    public static readonly IReadOnlyList<string> OpenClVendors = ["nvidia", "amd", "intel", "other"];

    /// <summary>"sm_80" → compute capability 8.0; one-line error naming the value otherwise.</summary>
    internal static CudaArchitecture Architecture(string name)
    {
        string normalised = name.Trim().ToLowerInvariant();
        Match match = SmPattern().Match(normalised);
        if (!match.Success || !PtxArchitectures.Contains(normalised))
            throw new SparseGpuException($"--arch '{name}' is not valid; valid: {string.Join(", ", PtxArchitectures)}");
        string digits = match.Groups[1].Value;
        return new CudaArchitecture(int.Parse(digits[..^1]), int.Parse(digits[^1..]));
    }

    internal static CLDeviceVendor Vendor(string name) =>
        name.Trim().ToLowerInvariant() switch
        {
            "nvidia" => CLDeviceVendor.Nvidia,
            "amd" => CLDeviceVendor.AMD,
            "intel" => CLDeviceVendor.Intel,
            "other" => CLDeviceVendor.Other,
            _ => throw new SparseGpuException(
                $"--vendor '{name}' is not valid; valid: {string.Join(", ", OpenClVendors)}"
            ),
        };

    /// <summary>The architectures of a --arch value (null: sm_80 and sm_90, Ampere and Hopper), each checked.</summary>
    public static IReadOnlyList<string> Architectures(string? value) =>
        List(value ?? "sm_80,sm_90", "arch", a => Architecture(a));

    /// <summary>The vendors of a --vendor value (null: nvidia, amd, intel), each checked.</summary>
    public static IReadOnlyList<string> Vendors(string? value) =>
        List(value ?? "nvidia,amd,intel", "vendor", v => Vendor(v));

    /// <summary>A comma-separated list with no empty or repeated entries, each checked by <paramref
    /// name="check"/>.</summary>
    private static IReadOnlyList<string> List(string value, string option, Action<string> check)
    {
        string[] items = value.Split(',', StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToArray();
        if (items.Length == 0 || items.Any(string.IsNullOrEmpty))
            throw new SparseGpuException($"--{option} '{value}' has an empty entry; give a comma-separated list");
        string? repeated = items.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
            throw new SparseGpuException($"--{option} names '{repeated}' twice");
        foreach (string item in items)
            check(item);
        return items;
    }

    [GeneratedRegex("^sm_([0-9]{2,3})$")]
    private static partial Regex SmPattern();
}
