using SparseGpu.Data;

namespace SparseGpu.Engines;

/// <summary>An image set and its visiting order, for engines that read the host's pixels directly.</summary>
public sealed class HostImages : IDisposable
{
    internal HostImages(ImageSet images)
    {
        Images = images;
        Order = Enumerable.Range(0, images.Count).ToArray();
    }

    internal ImageSet Images { get; }
    internal int[] Order { get; set; }

    public void Dispose() { }
}

/// <summary>Per-sample results on the host, the loss in the engine's precision, with the predicted class.</summary>
public sealed class HostResults<TLoss>(int length) : IDisposable
    where TLoss : unmanaged
{
    internal TLoss[] Losses { get; } = new TLoss[length];
    internal bool[] Correct { get; } = new bool[length];
    internal byte[] Predicted { get; } = new byte[length];

    public void Dispose() { }
}
