namespace SparseGpu.Engines;

/// <summary>
/// Sums per-sample losses (in double, in sample order, so the total is reproducible) and correct predictions
/// into an <see cref="EvaluationResult"/>.
/// </summary>
internal struct ResultTally
{
    private double _lossSum;
    private int _correct;
    private int _count;

    public void Add(ReadOnlySpan<float> losses, ReadOnlySpan<bool> correct)
    {
        for (int i = 0; i < losses.Length; i++)
        {
            _lossSum += losses[i];
            if (correct[i])
                _correct++;
        }
        _count += losses.Length;
    }

    /// <summary>Correctness as the device stores it: one byte per sample, non-zero when correct.</summary>
    public void Add(ReadOnlySpan<float> losses, ReadOnlySpan<byte> correct)
    {
        for (int i = 0; i < losses.Length; i++)
            Add(losses[i], correct[i] != 0);
    }

    public void Add(double loss, bool correct)
    {
        _lossSum += loss;
        if (correct)
            _correct++;
        _count++;
    }

    public readonly EvaluationResult Result => new(_lossSum / _count, (double)_correct / _count, _correct, _count);
}
