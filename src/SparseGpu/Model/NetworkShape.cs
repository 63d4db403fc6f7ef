namespace SparseGpu.Model;

/// <summary>The architecture: inputs → sparse ReLU hidden layers (links per <see cref="LinkBudget"/>) → dense
/// read-out.</summary>
public sealed record NetworkShape(int Inputs, IReadOnlyList<int> Hidden, int Classes, LinkBudget Links)
{
    public static readonly IReadOnlyList<int> DefaultHidden = [1000, 1000, 1000];
    public const double DefaultDensity = 0.01;

    /// <summary>Every sparse layer at one density.</summary>
    public NetworkShape(int inputs, IReadOnlyList<int> hidden, int classes, double density)
        : this(inputs, hidden, classes, LinkBudget.Uniform(density)) { }

    /// <summary>The links of sparse layer <paramref name="layer"/> (0-based).</summary>
    public int SparseLinks(int layer) =>
        (int)Links.LinksFor(layer, layer == 0 ? Inputs : Hidden[layer - 1], Hidden[layer]);

    public void Validate()
    {
        if (Inputs <= 0)
            throw new SparseGpuException($"input size must be positive, got {Inputs}");
        if (Classes < 2)
            throw new SparseGpuException($"at least two classes are needed, got {Classes}");
        if (Hidden.Count == 0)
            throw new InvalidSettingException("hidden", " needs at least one layer width");
        foreach (int width in Hidden)
            if (width <= 0)
                throw new InvalidSettingException("hidden", $" widths must be positive, got {width}");
        Links.Validate(Inputs, Hidden);
        int last = Hidden[^1];
        if ((long)last * Classes > int.MaxValue)
            throw new SparseGpuException(
                $"--hidden {last}: the dense read-out would have {(long)last * Classes} links (at most {int.MaxValue})"
            );
    }
}
