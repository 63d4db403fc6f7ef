namespace SparseGpu.Evaluation;

/// <summary>
/// One class's share of a test: its support (test images of the class), how many of them were predicted right,
/// recall (correct / support, the class's accuracy), how many images were predicted as it, and precision (correct /
/// predicted; NaN when nothing was predicted as it, so a reader cannot mistake "never predicted" for 0 or 1).
/// </summary>
public sealed record ClassScore(int Class, string Name, int Support, int Correct, int Predicted)
{
    public double Recall => Support == 0 ? double.NaN : (double)Correct / Support;

    public double Precision => Predicted == 0 ? double.NaN : (double)Correct / Predicted;

    public static IReadOnlyList<ClassScore> Of(ConfusionMatrix confusion, IReadOnlyList<string> names) =>
        Enumerable
            .Range(0, confusion.Classes)
            .Select(c => new ClassScore(
                c,
                names[c],
                confusion.Support(c),
                confusion[c, c],
                confusion.PredictedCount(c)
            ))
            .ToList();
}
