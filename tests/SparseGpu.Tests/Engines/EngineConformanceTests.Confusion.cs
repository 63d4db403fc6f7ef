using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Reference;
using SparseGpu.Evaluation;
using SparseGpu.Model;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Engines;

public abstract partial class EngineConformanceTests
{
    /// <summary>More images than the reference's 64-image evaluation chunk, so the matrix spans chunks.</summary>
    private const int ConfusionImages = 150;

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void The_confusion_matrix_counts_every_image_once_and_its_trace_is_the_correct_count(string shape)
    {
        var (network, images) = Setup(shape, ConfusionImages);
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        ClassEvaluation byClass = engine.EvaluateByClass(images);
        EvaluationResult plain = engine.Evaluate(images);

        Assert.Equal(network.Classes, byClass.Confusion.Classes);
        Assert.Equal(images.Count, byClass.Confusion.Total);
        Assert.Equal(plain, byClass.Result);
        Assert.Equal(plain.Correct, byClass.Confusion.Trace);
        for (int c = 0; c < network.Classes; c++)
            Assert.Equal(images.Labels.Count(l => l == c), byClass.Confusion.Support(c));
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void The_confusion_matrix_is_the_reference_engines_and_the_argmax_of_its_logits(string shape)
    {
        var (network, images) = Setup(shape, ConfusionImages);
        using INetworkEngine engine = CreateEngine();
        engine.LoadNetwork(network);
        int[][] actual = engine.EvaluateByClass(images).Confusion.Rows();

        using var reference = new ReferenceEngine();
        reference.LoadNetwork(network);
        int[][] fromReference = reference.EvaluateByClass(images).Confusion.Rows();
        int[][] fromLogits = ArgMaxConfusion(reference, network, images);
        Assert.Equal(fromLogits, fromReference);
        Assert.Equal(fromReference, actual);
    }

    /// <summary>Computed apart from any engine's evaluation: the first largest of each image's logits, tallied
    /// against its label.</summary>
    private static int[][] ArgMaxConfusion(INetworkEngine engine, Network network, ImageSet images)
    {
        int classes = network.Classes;
        float[] logits = new float[images.Count * classes];
        engine.ComputeLogits(images, 0, images.Count, logits);
        int[][] counts = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (int i = 0; i < images.Count; i++)
        {
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (logits[i * classes + c] > logits[i * classes + best])
                    best = c;
            counts[images.Labels[i]][best]++;
        }
        return counts;
    }
}
