using ILGPU.Runtime;
using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Ilgpu;
using SparseGpu.LinkPrediction;

namespace SparseGpu.Engines;

/// <summary>A link scorer with the device it opened for itself, released together.</summary>
public sealed class OpenedScorer(ILinkScorer scorer, string description, IDisposable? device) : IDisposable
{
    public ILinkScorer Scorer { get; } = scorer;

    /// <summary>One line naming the hardware it scores on.</summary>
    public string Description { get; } = description;

    public void Dispose() => device?.Dispose();
}

/// <summary>
/// Link scoring found by predictor name and device. Each backend builds its own scorer from the factories here
/// (<see cref="IBatchOperations{TImages, TBatch, TResults}.LinkScorer"/>), so adding a predictor touches this file
/// and the scorers, never a switch on engine types.
/// </summary>
public static class LinkScorers
{
    /// <summary>The predictor on the device a training engine already holds (sharing its accelerator).</summary>
    public static ILinkScorer For(string method, INetworkEngine engine) =>
        engine.LinkScorer(LinkPredictionMethods.Require(method));

    /// <summary>The definitions written literally: slow, for the reference engine and tests.</summary>
    public static ILinkScorer Reference(string method) =>
        CannistraciHebbPredictors.Covers(LinkPredictionMethods.Require(method))
            ? new CannistraciHebbReference(method)
            : new Ch3L3Reference();

    /// <summary>The fast CPU path.</summary>
    /// <param name="threads">CPU threads (0: all cores).</param>
    public static ILinkScorer FastCpu(string method, int threads = 0) =>
        CannistraciHebbPredictors.Covers(LinkPredictionMethods.Require(method))
            ? new CannistraciHebbCpu(method, threads)
            : new Ch3L3ByLayerShape(new Ch3L3Cpu(threads), threads);

    /// <summary>The ILGPU kernels on <paramref name="accelerator"/> (CH3-L3's few-input layers on the host).</summary>
    /// <param name="threads">CPU threads for CH3-L3's host method (0: all cores).</param>
    public static ILinkScorer OnAccelerator(string method, Accelerator accelerator, int threads = 0) =>
        OnAccelerator(method, new IlgpuLinkScorer(accelerator, method), threads);

    /// <summary>CH3-L3 wraps the device's path enumeration with the host method for few-input layers; the other
    /// predictors run the device scorer alone.</summary>
    internal static ILinkScorer OnAccelerator(string method, ILinkScorer device, int threads = 0) =>
        CannistraciHebbPredictors.Covers(LinkPredictionMethods.Require(method))
            ? device
            : new Ch3L3ByLayerShape(device, threads);

    /// <summary>Opens a --device for scoring alone (linkpred, the link-prediction benchmark): no training
    /// engine.</summary>
    /// <param name="threads">CPU threads for the fast CPU path (0: all cores).</param>
    /// <param name="log">Receives one line saying what `auto` chose.</param>
    public static OpenedScorer Open(string method, string device, int threads = 0, Action<string>? log = null)
    {
        method = LinkPredictionMethods.Require(method);
        CpuThreads.Require(threads);
        return EngineFactory.Open(
            device,
            (_, opened) =>
                new OpenedScorer(OnAccelerator(method, opened.Accelerator, threads), opened.Description, opened),
            () => new OpenedScorer(FastCpu(method, threads), CpuEngine.Describe(threads), null),
            scorer => scorer.Description,
            log
        );
    }
}
