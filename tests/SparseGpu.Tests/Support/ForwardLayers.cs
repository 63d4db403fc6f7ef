using SparseGpu.Common;
using SparseGpu.Engines.Cpu;
using SparseGpu.Engines.Reference;
using SparseGpu.Model;

namespace SparseGpu.Tests.Support;

/// <summary>Layers and input rows for the tests of the fast CPU path's forward loops.</summary>
internal static class ForwardLayers
{
    /// <summary>The topology with random weights (σ 0.03) and biases (σ 0.5), a fixed seed.</summary>
    public static Layer WithParameters(LayerTopology topology, bool relu)
    {
        var rng = new Rng(5);
        float[] Values(int n, double scale) =>
            Enumerable.Range(0, n).Select(_ => (float)(scale * rng.NextGaussian())).ToArray();
        return new Layer(
            topology,
            Values(topology.LinkCount, 0.03),
            new float[topology.LinkCount],
            Values(topology.Outputs, 0.5),
            new float[topology.Outputs],
            evolves: relu,
            relu: relu
        );
    }

    /// <summary>Values from N(0.3, 1), a layer's input as [neuron][batch].</summary>
    public static AlignedRows RandomRows(int length, ulong seed)
    {
        var rng = new Rng(seed);
        var rows = new AlignedRows(length);
        for (int i = 0; i < length; i++)
            rows[i] = (float)(rng.NextGaussian() + 0.3);
        return rows;
    }

    /// <summary>A forward loop's output ([output][batch]) against the reference's forward of the same inputs.</summary>
    public static void AssertMatchesReference(
        Layer layer,
        AlignedRows x,
        int inputs,
        int outputs,
        int batch,
        float[] actual,
        string what
    )
    {
        double[][] samples = Enumerable
            .Range(0, batch)
            .Select(b => Enumerable.Range(0, inputs).Select(i => (double)x[i * batch + b]).ToArray())
            .ToArray();
        double[][] expected = ReferenceMath.LayerForward(new ReferenceLayer(layer), samples);
        double[] expectedUnitMajor = new double[outputs * batch];
        for (int b = 0; b < batch; b++)
        for (int j = 0; j < outputs; j++)
            expectedUnitMajor[j * batch + b] = expected[b][j];
        AssertClose.All(expectedUnitMajor, actual, Tolerance.Forward, what);
    }
}
