using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Evaluation;
using SparseGpu.Runs;

namespace SparseGpu.Jobs;

/// <summary>Test loss and accuracy of a checkpoint on a data set's test split.</summary>
public static class EvaluationJob
{
    public static EvaluationReport Run(EvaluationRequest request, IRunReporter reporter)
    {
        JobPreamble.RequireDevice(request.Device, request.Threads);
        Checkpoint checkpoint = CheckpointFile.Read(request.Model);
        string dataset = DatasetName.Of(request.Dataset ?? checkpoint.Settings.Dataset);
        JobPreamble.RequireTrainedOn(checkpoint, dataset, request.Model);
        DatasetSplits data = JobPreamble
            .Data(request.DataDirectory, request.AllowDownload, reporter)
            .Load(dataset, allowBundledFallback: true);
        JobPreamble.RequireSameData(checkpoint, data, request.Model);
        DatasetInfo info = data.Info;
        var network = checkpoint.State.Network;
        JobPreamble.RequireFit(network, data.Test, info.Name, request.Model);
        using INetworkEngine engine = JobPreamble.Engine(request.Device, request.Threads, reporter);
        engine.LoadNetwork(network);
        ClassEvaluation? byClass = request.PerClass ? engine.EvaluateByClass(data.Test) : null;
        EvaluationResult result = byClass?.Result ?? engine.Evaluate(data.Test);
        return new EvaluationReport(
            Path.GetFullPath(request.Model),
            info.Name,
            data.Source,
            engine.Name,
            checkpoint.State.CompletedEpochs,
            checkpoint.State.IsMidEpoch,
            result
        )
        {
            ByClass = byClass is null
                ? null
                : new ClassReport(
                    byClass.Confusion,
                    ClassScore.Of(byClass.Confusion, DatasetClassNames.For(info.Name, byClass.Confusion.Classes))
                ),
        };
    }
}
