namespace SparseGpu.Evaluation;

/// <summary>
/// The folder `evaluate --out DIR` writes: evaluation.json (what --json prints), per-class.csv and confusion.csv,
/// each atomically. A folder is the evaluation's when it is new, empty or already holds an evaluation.json; any
/// other folder (a run, a sweep, someone's files) is refused before anything is computed, so nothing of another's
/// is replaced.
/// </summary>
public static class EvaluationFiles
{
    public const string JsonName = "evaluation.json";
    public const string PerClassName = "per-class.csv";
    public const string ConfusionName = "confusion.csv";

    public static void RequireOwnDirectory(string directory)
    {
        if (directory.Trim().Length == 0)
            throw new SparseGpuException("--out is empty");
        if (File.Exists(directory))
            throw new SparseGpuException($"--out {directory}: is a file; give a directory");
        if (!Directory.Exists(directory) || File.Exists(Path.Combine(directory, JsonName)))
            return;
        if (Directory.EnumerateFileSystemEntries(directory).Any())
            throw new SparseGpuException(
                $"--out {directory}: holds files but no {JsonName} of an earlier evaluate; give a new or empty "
                    + "directory"
            );
    }

    /// <returns>The files written, evaluation.json first (it marks the folder as an evaluation's).</returns>
    public static IReadOnlyList<string> Write(string directory, EvaluationReport report)
    {
        ClassReport byClass =
            report.ByClass ?? throw new InvalidOperationException("evaluation files need the per-class evaluation");
        RequireOwnDirectory(directory);
        Directory.CreateDirectory(directory);
        string json = Path.Combine(directory, JsonName),
            perClass = Path.Combine(directory, PerClassName),
            confusion = Path.Combine(directory, ConfusionName);
        AtomicFile.WriteAllText(json, EvaluationJson.Serialize(report) + "\n");
        CsvWriter.WriteFile(
            perClass,
            ["class", "name", "support", "correct", "recall", "predicted", "precision"],
            table =>
            {
                foreach (ClassScore c in byClass.Classes)
                    table.Row(
                        c.Class,
                        c.Name,
                        c.Support,
                        c.Correct,
                        CsvCell.Number(c.Recall),
                        c.Predicted,
                        CsvCell.Number(c.Precision)
                    );
            }
        );
        CsvWriter.WriteFile(
            confusion,
            ["true_class", .. byClass.Classes.Select(c => c.Name)],
            table =>
            {
                foreach (ClassScore actual in byClass.Classes)
                {
                    var cells = new List<CsvCell> { actual.Name };
                    for (int p = 0; p < byClass.Confusion.Classes; p++)
                        cells.Add(byClass.Confusion[actual.Class, p]);
                    table.Row([.. cells]);
                }
            }
        );
        return [json, perClass, confusion];
    }
}
