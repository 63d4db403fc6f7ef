using SparseGpu.Model;

namespace SparseGpu.Engines;

/// <summary>How many units (neurons or pixels) per sample one of a batch's buffers holds.</summary>
public static class BatchBufferShape
{
    public static int Units(IReadOnlyList<LayerTopology> layers, BatchBuffer buffer, int layer) =>
        buffer switch
        {
            BatchBuffer.Activations => layer == 0 ? layers[0].Inputs : layers[layer - 1].Outputs,
            BatchBuffer.Gradients => layers[layer].Outputs,
            BatchBuffer.InputGradient => layers[0].Inputs,
            _ => throw new ArgumentOutOfRangeException(nameof(buffer)),
        };
}
