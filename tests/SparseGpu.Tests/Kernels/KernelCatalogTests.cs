using System.Reflection;
using ILGPU;
using SparseGpu.Kernels;

namespace SparseGpu.Tests.Kernels;

/// <summary>The catalogue is the one list of kernels: the launch factories load from it and `kernels` compiles it,
/// so a device method left out of it would be launched unchecked.</summary>
public sealed class KernelCatalogTests
{
    [Fact]
    public void Every_device_method_in_the_kernels_assembly_is_in_the_catalogue()
    {
        var deviceMethods = typeof(KernelCatalog)
            .Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed) // static classes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void) && m.GetParameters().Any(p => HoldsDeviceMemory(p.ParameterType)))
            .Select(Name)
            .Order()
            .ToList();
        var catalogued = KernelCatalog.All.Select(k => Name(k.Method)).Order().ToList();
        Assert.NotEmpty(deviceMethods);
        Assert.Equal(deviceMethods, catalogued);
    }

    [Fact]
    public void Each_target_launches_exactly_one_form_of_the_sgd_update()
    {
        foreach (SgdReduction reduction in Enum.GetValues<SgdReduction>())
        {
            var names = KernelCatalog.Launched(reduction).Select(k => k.Name).ToList();
            Assert.Single(names, n => n.StartsWith("sgd-update", StringComparison.Ordinal));
            Assert.Equal(names.Count, names.Distinct().Count());
        }
        Assert.Contains(
            KernelCatalog.Launched(SgdReduction.WarpShuffle),
            k => k.Kernel == (Delegate)KernelCatalog.SgdUpdateWarpShuffle
        );
        Assert.Contains(
            KernelCatalog.Launched(SgdReduction.GroupSharedMemory),
            k => k.Kernel == (Delegate)KernelCatalog.SgdUpdateGroupReduction
        );
    }

    [Fact]
    public void Only_Intel_OpenCL_uses_warp_shuffles()
    {
        Assert.Equal(SgdReduction.WarpShuffle, KernelCatalog.ReductionFor(ILGPU.Runtime.OpenCL.CLDeviceVendor.Intel));
        Assert.Equal(
            SgdReduction.GroupSharedMemory,
            KernelCatalog.ReductionFor(ILGPU.Runtime.OpenCL.CLDeviceVendor.Nvidia)
        );
        Assert.Equal(
            SgdReduction.GroupSharedMemory,
            KernelCatalog.ReductionFor(ILGPU.Runtime.OpenCL.CLDeviceVendor.AMD)
        );
        Assert.Equal(
            SgdReduction.GroupSharedMemory,
            KernelCatalog.ReductionFor(ILGPU.Runtime.OpenCL.CLDeviceVendor.Other)
        );
    }

    private static string Name(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    private static bool HoldsDeviceMemory(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ArrayView<>))
        || (type.IsValueType && !type.IsPrimitive && type.GetFields().Any(f => HoldsDeviceMemory(f.FieldType)));
}
