using SparseGpu.LinkPrediction;

namespace SparseGpu.Topology;

/// <summary>
/// What the training engine offers a topology method's rules (<see cref="TopologySignals"/>): a method is built
/// over these, so the same method reads the scores of whichever engine trains it.
/// </summary>
/// <param name="LinkScorers">The link scorer for a predictor name on the training device; null: the fast CPU
/// path's scorers.</param>
public sealed record SignalSources(Func<string, ILinkScorer>? LinkScorers = null)
{
    /// <summary>Nothing from an engine: scorers on the fast CPU path (tests, checks of names).</summary>
    public static readonly SignalSources Host = new();

    /// <summary>The link predictor the run chose for a method that samples by a predictor's scores (--predictor,
    /// `chts`); null: that method's default. Other methods never read it (validation refuses it with them).</summary>
    public string? Predictor { get; init; }

    /// <summary>The signals these sources can supply.</summary>
    public static TopologySignals Supplied => TopologySignals.Weights | TopologySignals.LinkScores;

    /// <summary>Throws a one-line error when <paramref name="method"/> needs a signal no engine supplies.</summary>
    public static void Require(ITopologyMethod method)
    {
        TopologySignals missing = method.Signals & ~Supplied;
        if (missing != TopologySignals.None)
            throw new InvalidSettingException(
                "method",
                $" '{method.Name}' needs {missing}, which no engine supplies yet"
            );
    }
}
