namespace SparseGpu.Cli.Display;

/// <summary>
/// Elapsed time and ETA of a job from the fraction done. The rate is measured from the first report, not from 0:
/// a resumed run starts part-way, and a sweep skips runs done earlier, and neither says anything about speed.
/// </summary>
public sealed class ProgressEstimator(IProgressClock clock)
{
    private readonly TimeSpan _start = clock.Elapsed;
    private TimeSpan? _firstTime;
    private double _firstFraction;

    /// <summary>Since this estimator was made (the job's start).</summary>
    public TimeSpan Elapsed => clock.Elapsed - _start;

    public double Fraction { get; private set; }

    /// <summary>Null until some progress has been seen after the first report.</summary>
    public TimeSpan? Remaining { get; private set; }

    /// <param name="remainingOtherwise">The job's own estimate of the time left, used until two reports give a
    /// measured one.</param>
    public void Report(double fraction, TimeSpan? remainingOtherwise = null)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        TimeSpan now = clock.Elapsed;
        if (_firstTime is null)
        {
            _firstTime = now;
            _firstFraction = fraction;
        }
        Fraction = fraction;
        double done = fraction - _firstFraction,
            seconds = (now - _firstTime.Value).TotalSeconds;
        Remaining =
            done > 0 && seconds > 0 ? TimeSpan.FromSeconds((1 - fraction) * seconds / done) : remainingOtherwise;
        if (fraction >= 1)
            Remaining = TimeSpan.Zero;
    }

    /// <summary>Units per second since the first report, for a job of <paramref name="totalUnits"/> units; null
    /// before there is a measurement.</summary>
    public double? Rate(double totalUnits)
    {
        if (_firstTime is null)
            return null;
        double seconds = (clock.Elapsed - _firstTime.Value).TotalSeconds;
        return seconds > 0 && Fraction > _firstFraction ? (Fraction - _firstFraction) * totalUnits / seconds : null;
    }
}
