using System.Globalization;
using System.Text.Json;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>One epoch of a finished run as metrics.csv records it (the columns the figures use).</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy
);

/// <summary>A training run read back from its directory: settings from config.json, epochs from metrics.csv.</summary>
public sealed record RunHistory(
    string Name,
    string Method,
    string Dataset,
    ulong Seed,
    IReadOnlyList<EpochRecord> Epochs
)
{
    /// <summary>Every setting of the run (from config.json); figures use it to keep different settings apart.</summary>
    public TrainingSettings? Settings { get; init; }

    public static RunHistory Read(string directory)
    {
        var run = new RunDirectory(directory);
        if (!File.Exists(run.Metrics))
            throw new SparseGpuException($"{directory}: no metrics.csv (not a run directory)");
        if (!File.Exists(run.Config))
            throw new SparseGpuException($"{directory}: no config.json (not a run directory)");
        TrainingSettings settings;
        try
        {
            // Read with a bound: a device such as /dev/zero is refused, not read until memory runs out.
            using JsonDocument config = JsonDocument.Parse(InputFile.ReadAllText(run.Config, "config.json"));
            settings =
                config.RootElement.GetProperty("settings").Deserialize<TrainingSettings>(JsonFormat.Options)
                ?? throw new JsonException("no settings");
        }
        catch (Exception e)
            when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new SparseGpuException(
                $"{run.Config}: not a SparseGpu config.json ({e.Message.ReplaceLineEndings(" ")})"
            );
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SparseGpuException($"{run.Config}: cannot read it ({e.Message.ReplaceLineEndings(" ")})");
        }
        // Both become parts of figure file names (training-DATASET.png).
        // Own data is named by its folder or file name (see OwnDataset.ShortName); train records its full path, so a
        // relative one ("../../x") is a crafted name and is refused like any other.
        string dataset = SafeName.Require(
            Path.IsPathRooted(settings.Dataset) ? Data.OwnDataset.ShortName(settings.Dataset) : settings.Dataset,
            "data set",
            run.Config
        );
        SafeName.Require(settings.Regrowth, "method", run.Config);
        return new RunHistory(
            Path.GetFileName(run.Path),
            settings.Regrowth,
            dataset,
            settings.Seed,
            ReadMetrics(run.Metrics)
        )
        {
            Settings = settings,
        };
    }

    private static List<EpochRecord> ReadMetrics(string path)
    {
        string[] lines = InputFile.ReadAllLines(path, "metrics file");
        string[] header = lines.Length > 0 ? lines[0].Split(',') : [];
        int Column(string name) =>
            Array.IndexOf(header, name) is int i && i >= 0
                ? i
                : throw new SparseGpuException($"{path}:1: no '{name}' column");
        int epoch = Column("epoch"),
            trainLoss = Column("train_loss"),
            trainAccuracy = Column("train_accuracy"),
            testLoss = Column("test_loss"),
            testAccuracy = Column("test_accuracy");
        var epochs = new List<EpochRecord>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            string[] f = lines[i].Split(',');
            if (f.Length != header.Length)
                throw new SparseGpuException($"{path}:{i + 1}: expected {header.Length} fields, found {f.Length}");
            EpochRecord record;
            try
            {
                record = new EpochRecord(
                    int.Parse(f[epoch], CultureInfo.InvariantCulture),
                    Number(f[trainLoss]),
                    Number(f[trainAccuracy]),
                    Number(f[testLoss]),
                    Number(f[testAccuracy])
                );
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new SparseGpuException($"{path}:{i + 1}: a numeric field is not a number");
            }
            // Each epoch once and in order: a run written twice (two processes, a rewind) must not be averaged as one.
            int expected = epochs.Count == 0 ? 1 : epochs[^1].Epoch + 1;
            if (record.Epoch != expected)
                throw new SparseGpuException(
                    epochs.Count == 0
                        ? $"{path}:{i + 1}: the first epoch is {record.Epoch} (epochs must be 1, 2, 3, ...)"
                        : $"{path}:{i + 1}: epoch {record.Epoch} follows epoch {epochs[^1].Epoch} "
                            + "(epochs must be 1, 2, 3, ...)"
                );
            if (!IsFraction(record.TrainAccuracy) || !IsFraction(record.TestAccuracy))
                throw new SparseGpuException($"{path}:{i + 1}: an accuracy is not a fraction between 0 and 1");
            epochs.Add(record);
        }
        if (epochs.Count == 0)
            throw new SparseGpuException($"{path}: no epochs recorded yet");
        return epochs;
    }

    private static bool IsFraction(double value) => value is >= 0 and <= 1;

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
