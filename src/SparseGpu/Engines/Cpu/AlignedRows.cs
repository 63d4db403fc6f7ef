using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseGpu.Engines.Cpu;

/// <summary>
/// A [neuron][batch] float buffer whose element 0 sits on a cache-line (64-byte) boundary, so that at batch 32 every
/// neuron's row is exactly two cache lines; an arbitrary array start makes most rows straddle three, and the
/// sparse passes, which read rows at random, then move half as many bytes again. Pinned, so the boundary holds.
/// </summary>
internal sealed class AlignedRows
{
    private const int LineFloats = 64 / sizeof(float);
    private readonly float[] _array;
    private readonly int _origin;

    public unsafe AlignedRows(int length)
    {
        _array = GC.AllocateArray<float>(length + LineFloats, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        _origin = (int)((64 - address % 64) % 64 / sizeof(float));
        Length = length;
    }

    public int Length { get; }

    public ref float this[int index] => ref _array[_origin + index];

    /// <summary>Element 0, for the vector loops.</summary>
    public ref float Origin => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _origin);

    public Span<float> AsSpan(int start, int length) => _array.AsSpan(_origin + start, length);
}

/// <summary>An <see cref="AlignedRows"/> as a formula's element storage (see <see
/// cref="Kernels.IElements{T}"/>).</summary>
internal readonly struct AlignedElements(AlignedRows rows) : Kernels.IElements<float>
{
    public float this[long index]
    {
        get => rows[(int)index];
        set => rows[(int)index] = value;
    }
}
