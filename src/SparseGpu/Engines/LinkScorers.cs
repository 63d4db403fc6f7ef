using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Ilgpu;
using SparseGpu.Engines.Reference;
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

/// <summary>Link scoring found by predictor name and device, apart from any training engine.</summary>
public static class LinkScorers
{
    /// <summary>The predictor on the device a training engine already holds (sharing its accelerator).</summary>
    public static ILinkScorer For(string method, INetworkEngine engine)
    {
        LinkPredictionMethods.Require(method);
        return engine switch
        {
            IlgpuEngine gpu => new Ch3L3ByLayerShape(new IlgpuLinkScorer(gpu.Accelerator)),
            PackedLane lane => new Ch3L3ByLayerShape(lane.LinkScorer()),
            ReferenceEngine => new Ch3L3Reference(),
            CpuEngine cpu => new Ch3L3ByLayerShape(new Ch3L3Cpu(cpu.Threads), cpu.Threads),
            _ => new Ch3L3ByLayerShape(new Ch3L3Cpu()),
        };
    }

    /// <summary>Opens a --device for scoring alone (linkpred, the link-prediction benchmark): no training
    /// engine.</summary>
    /// <param name="threads">CPU threads for the fast CPU path (0: all cores).</param>
    /// <param name="log">Receives one line saying what `auto` chose.</param>
    public static OpenedScorer Open(string method, string device, int threads = 0, Action<string>? log = null)
    {
        LinkPredictionMethods.Require(method);
        CpuThreads.Require(threads);
        return EngineFactory.Open(
            device,
            (_, opened) =>
                new OpenedScorer(
                    new Ch3L3ByLayerShape(new IlgpuLinkScorer(opened.Accelerator), threads),
                    opened.Description,
                    opened
                ),
            () =>
                new OpenedScorer(
                    new Ch3L3ByLayerShape(new Ch3L3Cpu(threads), threads),
                    CpuEngine.Describe(threads),
                    null
                ),
            scorer => scorer.Description,
            log
        );
    }
}
