namespace SparseGpu.Evaluation;

/// <summary>
/// Counts of test images per (true class, predicted class): rows are the true class, columns the prediction, so
/// row c sums to class c's support, the diagonal holds the correct answers and the whole matrix the images.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _counts;

    public ConfusionMatrix(int classes)
    {
        if (classes < 1)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "a confusion matrix needs a class");
        Classes = classes;
        _counts = new int[classes * classes];
    }

    public int Classes { get; }

    public int this[int actual, int predicted] => _counts[Index(actual, predicted)];

    public void Add(int actual, int predicted) => _counts[Index(actual, predicted)]++;

    /// <summary>Every image counted.</summary>
    public int Total => _counts.Sum();

    /// <summary>The diagonal: images predicted as their own class.</summary>
    public int Trace => Enumerable.Range(0, Classes).Sum(c => this[c, c]);

    /// <summary>Images whose true class is <paramref name="actual"/> (its row).</summary>
    public int Support(int actual) => Enumerable.Range(0, Classes).Sum(p => this[actual, p]);

    /// <summary>Images predicted as <paramref name="predicted"/> (its column).</summary>
    public int PredictedCount(int predicted) => Enumerable.Range(0, Classes).Sum(a => this[a, predicted]);

    /// <summary>The counts as rows (true class) of columns (predicted class).</summary>
    public int[][] Rows() =>
        Enumerable
            .Range(0, Classes)
            .Select(a => Enumerable.Range(0, Classes).Select(p => this[a, p]).ToArray())
            .ToArray();

    private int Index(int actual, int predicted)
    {
        if ((uint)actual >= (uint)Classes || (uint)predicted >= (uint)Classes)
            throw new ArgumentOutOfRangeException(
                nameof(actual),
                $"class ({actual}, {predicted}) outside a {Classes}-class confusion matrix"
            );
        return actual * Classes + predicted;
    }
}
