using SparseGpu.Engines;

namespace SparseGpu.Evaluation;

/// <summary>An evaluation with the prediction of every image tallied per (true class, predicted class).</summary>
public sealed record ClassEvaluation(EvaluationResult Result, ConfusionMatrix Confusion);
