namespace SparseGpu.Model;

/// <summary>The architecture: inputs → sparse ReLU hidden layers at one density → dense read-out.</summary>
public sealed record NetworkShape(int Inputs, IReadOnlyList<int> Hidden, int Classes, double Density)
{
    public static readonly IReadOnlyList<int> DefaultHidden = [1000, 1000, 1000];
    public const double DefaultDensity = 0.01;

    /// <summary>⌊density · n_in · n_out⌋ links for a sparse layer.</summary>
    public static int LinksFor(int inputs, int outputs, double density)
    {
        // The small epsilon keeps products like 0.01 · 784000 = 7839.999… from losing a link to rounding.
        double exact = density * inputs * outputs;
        double links = Math.Floor(exact + 1e-9 * Math.Max(1.0, exact));
        if (links > int.MaxValue) throw new SparseGpuException($"a {inputs}x{outputs} layer at density {density} has too many links");
        return (int)links;
    }

    public void Validate()
    {
        if (Inputs <= 0) throw new SparseGpuException($"input size must be positive, got {Inputs}");
        if (Classes < 2) throw new SparseGpuException($"at least two classes are needed, got {Classes}");
        if (Hidden.Count == 0) throw new SparseGpuException("--hidden needs at least one layer width");
        foreach (int width in Hidden)
            if (width <= 0) throw new InvalidSettingException($"--hidden widths must be positive, got {width}");
        if (!(Density > 0 && Density <= 1)) throw new InvalidSettingException($"--density must be in (0, 1], got {Density}");
        int previous = Inputs;
        for (int k = 0; k < Hidden.Count; k++)
        {
            if (LinksFor(previous, Hidden[k], Density) == 0)
                throw new InvalidSettingException($"--density {Density} leaves hidden layer {k + 1} ({previous}x{Hidden[k]}) without links");
            previous = Hidden[k];
        }
        if ((long)previous * Classes > int.MaxValue)
            throw new SparseGpuException($"--hidden {previous}: the dense read-out would have {(long)previous * Classes} links (at most {int.MaxValue})");
    }
}
