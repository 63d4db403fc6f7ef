using Xunit.Sdk;

namespace SparseGpu.Tests.Support;

/// <summary>Element-wise comparison that reports the first failing index and the worst error ratio.</summary>
public static class AssertClose
{
    public static void All(
        IReadOnlyList<double> expected,
        IReadOnlyList<double> actual,
        Tolerance tolerance,
        string what
    )
    {
        if (expected.Count != actual.Count)
            throw new XunitException($"{what}: expected {expected.Count} values, got {actual.Count}");
        int firstFailure = -1,
            failures = 0,
            worstIndex = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            double allowed = tolerance.Absolute + tolerance.Relative * Math.Abs(expected[i]);
            double error = Math.Abs(actual[i] - expected[i]);
            double ratio = double.IsNaN(actual[i]) ? double.PositiveInfinity : error / allowed;
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worstIndex = i;
            }
            if (ratio > 1)
            {
                failures++;
                if (firstFailure < 0)
                    firstFailure = i;
            }
        }
        if (failures > 0)
            throw new XunitException(
                $"{what}: {failures} of {expected.Count} values out of tolerance (abs {tolerance.Absolute:G3} + "
                    + $"rel {tolerance.Relative:G3}); "
                    + $"first at index {firstFailure}: expected {expected[firstFailure]:G9}, actual "
                    + $"{actual[firstFailure]:G9}; "
                    + $"worst ratio {worstRatio:G3} at index {worstIndex}: expected {expected[worstIndex]:G9}, "
                    + $"actual {actual[worstIndex]:G9}"
            );
    }

    public static void All(
        IReadOnlyList<double> expected,
        IReadOnlyList<float> actual,
        Tolerance tolerance,
        string what
    ) => All(expected, actual.Select(v => (double)v).ToList(), tolerance, what);

    public static void Value(double expected, double actual, Tolerance tolerance, string what) =>
        All([expected], [actual], tolerance, what);
}
