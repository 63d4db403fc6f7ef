using System.Text.Json;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>
/// config.json: every setting of a run, its device and data, the program that made it and the command line it was
/// started with (<see cref="CommandLine"/>: the program's name then its arguments as given; null where a run was not
/// started from the command line, and absent from files written before 2026-12-06; the last key, so readers of the
/// older files find every other key where it was).
/// </summary>
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
    int? ResumedAtEpoch,
    IReadOnlyList<string>? CommandLine = null
)
{
    /// <summary>With --validation: the images held out of the training set (TrainImages are those that train);
    /// absent when off.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull
    )]
    public int? ValidationImages { get; init; }

    public void Write(string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, JsonFormat.Options) + "\n");
}
