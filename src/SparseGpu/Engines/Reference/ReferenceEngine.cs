namespace SparseGpu.Engines.Reference;

/// <summary>
/// The reference engine (<see cref="ReferenceOperations"/> under the shared schedule): double precision, one
/// thread, slow. For tests and tiny networks; it shows what every other engine must compute.
/// </summary>
public sealed class ReferenceEngine()
    : BatchEngine<HostImages, ReferenceBatch, HostResults<double>>(new ReferenceOperations())
{
    public IReadOnlyList<ReferenceLayer> Layers => ((ReferenceOperations)Operations).Layers;
}
