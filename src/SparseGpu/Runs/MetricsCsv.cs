using System.Globalization;
using System.Text;
using SparseGpu.Training;

namespace SparseGpu.Runs;

/// <summary>
/// metrics.csv: one row per epoch. A resumed run appends to it; rows of epochs the checkpoint has not reached (left
/// by a crash between writing a row and the checkpoint) are dropped first, so every epoch appears once.
/// </summary>
public sealed class MetricsCsv
{
    private static readonly string[] EpochColumns =
    [
        "epoch",
        "learning_rate",
        "train_loss",
        "train_accuracy",
        "test_loss",
        "test_accuracy",
        "train_seconds",
        "topology_seconds",
        "eval_seconds",
    ];

    private static readonly string[] LayerColumns =
    [
        "links",
        "active_neurons",
        "removed",
        "regrown",
        "regrown_by_score",
        "regrown_random",
    ];

    /// <summary>Last, and only with --validation: without it the header is the one every reader has always
    /// known.</summary>
    private static readonly string[] ValidationColumns = ["validation_loss", "validation_accuracy"];

    /// <summary>After those, and only for --method imp: the pruning round of each epoch.</summary>
    private static readonly string[] ImpColumns = ["imp_round"];

    private readonly string _path;

    private MetricsCsv(string path) => _path = path;

    public string Path => _path;

    public static string Header(int sparseLayers, bool validation = false, bool impRound = false) =>
        CsvWriter.HeaderLine(
            EpochColumns
                .Concat(Enumerable.Range(1, sparseLayers).SelectMany(k => LayerColumns.Select(c => $"{c}_{k}")))
                .Concat(validation ? ValidationColumns : [])
                .Concat(impRound ? ImpColumns : [])
        );

    public static string Row(EpochMetrics m) =>
        CsvWriter.Line([
            m.Epoch,
            CsvCell.Exact(m.LearningRate),
            CsvCell.Exact(m.TrainLoss),
            CsvCell.Exact(m.TrainAccuracy),
            CsvCell.Exact(m.TestLoss),
            CsvCell.Exact(m.TestAccuracy),
            CsvCell.Fixed(m.TrainSeconds, 4),
            CsvCell.Fixed(m.TopologySeconds, 4),
            CsvCell.Fixed(m.EvalSeconds, 4),
            .. m.Layers.SelectMany(l =>
                new CsvCell[] { l.Links, l.ActiveNeurons, l.Removed, l.Regrown, l.RegrownByScore, l.RegrownAtRandom }
            ),
            .. (
                m.ValidationAccuracy is { } accuracy
                    ? new[] { CsvCell.Exact(m.ValidationLoss!.Value), CsvCell.Exact(accuracy) }
                    : []
            ),
            .. (m.ImpRound is { } round ? new CsvCell[] { round } : []),
        ]);

    /// <summary>Starts a new file (failing if one exists: a run's records are never overwritten).</summary>
    public static MetricsCsv Create(string path, int sparseLayers, bool validation = false, bool impRound = false)
    {
        if (File.Exists(path))
            throw new SparseGpuException(
                $"{path}: already exists; resume that run with --resume or choose another --out"
            );
        AtomicFile.WriteAllText(path, Header(sparseLayers, validation, impRound) + "\n");
        return new MetricsCsv(path);
    }

    /// <summary>Opens an existing file for a resumed run, keeping only rows up to <paramref
    /// name="completedEpochs"/>.</summary>
    public static MetricsCsv Continue(
        string path,
        int sparseLayers,
        int completedEpochs,
        bool validation = false,
        bool impRound = false
    )
    {
        string header = Header(sparseLayers, validation, impRound);
        if (!File.Exists(path))
        {
            AtomicFile.WriteAllText(path, header + "\n");
            return new MetricsCsv(path);
        }
        string[] lines = InputFile.ReadAllLines(path, "metrics file");
        if (lines.Length == 0 || lines[0] != header)
            throw new SparseGpuException($"{path}: its columns do not match this run's; choose another --out");
        int columns = header.Split(',').Length;
        var kept = new List<string> { header };
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(',');
            if (
                fields.Length == columns
                && int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch)
                && epoch <= completedEpochs
            )
                kept.Add(line);
        }
        if (kept.Count != lines.Length)
            AtomicFile.WriteAllText(path, string.Join("\n", kept) + "\n");
        return new MetricsCsv(path);
    }

    /// <summary>
    /// The recorded epoch with the best validation accuracy (the earliest of equals), or null when no row holds
    /// one: a resumed run's best so far, so that it keeps or replaces best.ckpt exactly as a straight run would.
    /// </summary>
    public BestEpoch? BestRecorded()
    {
        string[] lines = InputFile.ReadAllLines(_path, "metrics file");
        string[] header = lines.Length > 0 ? lines[0].Split(',') : [];
        int validation = Array.IndexOf(header, "validation_accuracy"),
            test = Array.IndexOf(header, "test_accuracy");
        if (validation < 0)
            return null;
        BestEpoch? best = null;
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            if (
                f.Length != header.Length
                || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch)
                || !double.TryParse(f[validation], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                || !double.TryParse(f[test], NumberStyles.Float, CultureInfo.InvariantCulture, out double t)
            )
                throw new SparseGpuException($"{_path}: a row's epoch or accuracy is not a number ('{line}')");
            var row = new BestEpoch(epoch, v, t);
            if (best is null || row.ValidationAccuracy > best.ValidationAccuracy)
                best = row;
        }
        return best;
    }

    /// <summary>Appends one row and flushes it to disk.</summary>
    /// <returns>The file's length before the row, for <see cref="TruncateTo"/>.</returns>
    public long Append(EpochMetrics metrics)
    {
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        long before = stream.Length;
        byte[] line = Encoding.UTF8.GetBytes(Row(metrics) + "\n");
        try
        {
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            stream.SetLength(before); // a full disk must not leave half a row
            throw;
        }
        return before;
    }

    /// <summary>Takes back the rows appended after <paramref name="length"/>: used when the epoch's checkpoint could
    /// not be written, so that the table never runs ahead of model.ckpt.</summary>
    public void TruncateTo(long length)
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }
}
