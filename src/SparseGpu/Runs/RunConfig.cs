using System.Text.Json;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>config.json: every setting of a run, its device and data, and the program that made it.</summary>
public sealed record RunConfig(
    string Program,
    string ProgramVersion,
    DateTime WrittenUtc,
    TrainingSettings Settings,
    string Device,
    string DeviceDescription,
    string DataSource,
    int TrainImages,
    int TestImages,
    int CheckpointEvery,
    string? ResumedFrom,
    int? ResumedAtEpoch
)
{
    public void Write(string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, JsonFormat.Options) + "\n");
}
