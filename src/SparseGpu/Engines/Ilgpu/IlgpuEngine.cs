using ILGPU.Runtime;
using SparseGpu.Kernels;

namespace SparseGpu.Engines.Ilgpu;

/// <summary>
/// Training on an ILGPU accelerator (<see cref="IlgpuOperations"/> under the shared schedule). The host sees
/// parameters only when the network is stored and results only when they are read.
/// </summary>
/// <param name="owner">Disposed with the engine (the context and accelerator it was created with), or null.</param>
/// <param name="reduction">The SGD update's reduction; null: the one the accelerator supports best.</param>
public sealed class IlgpuEngine(
    Accelerator accelerator,
    string name,
    IDisposable? owner = null,
    SgdReduction? reduction = null
) : BatchEngine<DeviceImageSet, DeviceBatch, DeviceResults>(new IlgpuOperations(accelerator, name, owner, reduction))
{
    public Accelerator Accelerator => ((IlgpuOperations)Operations).Accelerator;
}
