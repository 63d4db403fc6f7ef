using System.Text.Json;
using System.Text.Json.Serialization;
using SparseGpu.Runs;

namespace SparseGpu.Evaluation;

/// <summary>
/// `evaluate --json` and the evaluation.json an `evaluate --out` writes: one object, the per-class scores and the
/// confusion matrix only when they were asked for (so a plain evaluation's object keeps its keys).
/// </summary>
public static class EvaluationJson
{
    // A diverged model's loss is NaN or infinite, which plain JSON numbers cannot hold: written as the strings
    // "NaN", "Infinity", "-Infinity" (what System.Text.Json and most JSON readers accept for them).
    private static readonly JsonSerializerOptions Options = new(JsonFormat.Options)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(EvaluationReport report)
    {
        var json = new Dictionary<string, object?>
        {
            ["model"] = report.Model,
            ["dataset"] = report.Dataset,
            ["data_source"] = report.DataSource,
            ["device"] = report.Device,
            ["epochs"] = report.CompletedEpochs,
            ["mid_epoch"] = report.MidEpoch,
            ["test_loss"] = report.Result.Loss,
            ["test_accuracy"] = report.Result.Accuracy,
            ["correct"] = report.Result.Correct,
            ["images"] = report.Result.Count,
        };
        if (report.ByClass is { } byClass)
        {
            json["per_class"] = byClass.Classes.Select(c => new
            {
                @class = c.Class,
                name = c.Name,
                support = c.Support,
                correct = c.Correct,
                recall = Defined(c.Recall),
                predicted = c.Predicted,
                precision = Defined(c.Precision),
            });
            json["confusion_matrix"] = new
            {
                classes = byClass.Classes.Select(c => c.Name),
                rows_are = "true class",
                columns_are = "predicted class",
                counts = byClass.Confusion.Rows(),
            };
        }
        return JsonSerializer.Serialize(json, Options);
    }

    /// <summary>An undefined score (no image of the class, or none predicted as it) as null.</summary>
    private static double? Defined(double value) => double.IsNaN(value) ? null : value;
}
