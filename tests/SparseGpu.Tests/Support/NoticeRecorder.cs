using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Tests.Support;

/// <summary>Keeps every notice a job gives, for tests of what the user is told.</summary>
public sealed class NoticeRecorder : IRunReporter
{
    public List<string> Notices { get; } = [];

    public void Notice(string message) => Notices.Add(message);

    public void Progress(TrainingProgress progress) { }

    public void EpochCompleted(EpochMetrics metrics) { }
}
