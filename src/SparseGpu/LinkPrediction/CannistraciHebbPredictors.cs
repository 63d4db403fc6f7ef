using SparseGpu.Kernels;

namespace SparseGpu.LinkPrediction;

/// <summary>The predictor names of <see cref="LinkPredictionMethods"/> that <see cref="CannistraciHebbRow"/>
/// scores, and their kernel numbers.</summary>
public static class CannistraciHebbPredictors
{
    /// <summary>Whether <paramref name="method"/> (a valid name) is scored by <see cref="CannistraciHebbRow"/>
    /// rather than by the CH3-L3 scorers.</summary>
    public static bool Covers(string method) => !string.Equals(method, LinkPredictionMethods.Ch3L3, Ignore);

    /// <summary>The <see cref="CannistraciHebbPredictor"/> number of ch3l3n, ch2l3n or ch2l3.</summary>
    public static int Of(string method) =>
        LinkPredictionMethods.Require(method) switch
        {
            LinkPredictionMethods.Ch3L3n => CannistraciHebbPredictor.Ch3L3n,
            LinkPredictionMethods.Ch2L3n => CannistraciHebbPredictor.Ch2L3n,
            LinkPredictionMethods.Ch2L3 => CannistraciHebbPredictor.Ch2L3,
            _ => throw new ArgumentException($"{method} is scored by the CH3-L3 scorers", nameof(method)),
        };

    private const StringComparison Ignore = StringComparison.OrdinalIgnoreCase;
}
