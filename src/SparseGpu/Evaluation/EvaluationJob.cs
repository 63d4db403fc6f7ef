using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Runs;

namespace SparseGpu.Evaluation;

/// <summary>What `sparsegpu evaluate` was asked to do.</summary>
public sealed record EvaluationRequest(string Model, string? Dataset, string Device, string? DataDirectory, bool AllowDownload, int Threads = 0);

public sealed record EvaluationReport(string Model, string Dataset, string DataSource, string Device, int CompletedEpochs, bool MidEpoch, EvaluationResult Result);

/// <summary>Test loss and accuracy of a checkpoint on a data set's test split.</summary>
public static class EvaluationJob
{
    public static EvaluationReport Run(EvaluationRequest request, IRunReporter reporter)
    {
        EngineFactory.RequireKnownName(request.Device);
        Checkpoint checkpoint = CheckpointFile.Read(request.Model);
        string dataset = (request.Dataset ?? checkpoint.Settings.Dataset).ToLowerInvariant();
        DatasetInfo info = DatasetCatalog.Get(dataset);
        var provider = new DatasetProvider(DataDirectory.Resolve(request.DataDirectory),
            request.AllowDownload ? () => DatasetDownloader.Open(p => reporter.Notice(p.Describe())) : null, reporter.Notice);
        DatasetSplits data = provider.Load(info.Name, allowBundledFallback: true);
        var network = checkpoint.State.Network;
        if (network.Inputs != data.Test.InputSize || network.Classes != data.Test.Classes)
            throw new SparseGpuException(
                $"{request.Model}: the model takes {network.Inputs} inputs and gives {network.Classes} classes; {info.Name} has {data.Test.InputSize} pixels and {data.Test.Classes} classes");
        Model.NetworkMemory.Require(network, batchSize: 1, request.Model);
        using INetworkEngine engine = EngineFactory.Create(request.Device, request.Threads, reporter.Notice);
        engine.LoadNetwork(network);
        EvaluationResult result = engine.Evaluate(data.Test);
        return new EvaluationReport(Path.GetFullPath(request.Model), info.Name, data.Source, engine.Name,
            checkpoint.State.CompletedEpochs, checkpoint.State.IsMidEpoch, result);
    }
}
