using ILGPU;

namespace SparseGpu.Kernels;

/// <summary>
/// Element storage a formula reads and writes, so one body serves an ILGPU kernel (over an <see cref="ArrayView{T}"/>)
/// and host code (over an array): the formula is generic over a struct implementing this, which both ILGPU and the
/// JIT specialise, so the indirection costs nothing.
/// </summary>
public interface IElements<T>
    where T : unmanaged
{
    T this[long index] { get; set; }
}

/// <summary>Device storage: an array view.</summary>
public readonly struct ViewElements<T> : IElements<T>
    where T : unmanaged
{
    private readonly ArrayView<T> _view;

    public ViewElements(ArrayView<T> view) => _view = view;

    public T this[long index]
    {
        get => _view[index];
        set => _view[index] = value;
    }
}

/// <summary>Host storage: a managed array.</summary>
public readonly struct ArrayElements<T> : IElements<T>
    where T : unmanaged
{
    private readonly T[] _array;

    public ArrayElements(T[] array) => _array = array;

    public T this[long index]
    {
        get => _array[index];
        set => _array[index] = value;
    }
}
