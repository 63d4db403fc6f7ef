using System.Globalization;

namespace SparseGpu.Model;

/// <summary>
/// How many links each sparse layer keeps: a density (one for all layers or one per layer, ⌊density·n_in·n_out⌋
/// links), or a fan-in K (⌊K·n_out⌋ links, K per output neuron on average whatever the width). Exactly one is set.
/// </summary>
public sealed record LinkBudget
{
    private LinkBudget(Densities? density, double? fanIn) => (Density, FanIn) = (density, fanIn);

    public Densities? Density { get; }

    public double? FanIn { get; }

    public static LinkBudget FromDensity(Densities density) => new(density, null);

    public static LinkBudget Uniform(double density) => new(Densities.Uniform(density), null);

    public static LinkBudget FromFanIn(double fanIn) => new(null, fanIn);

    /// <summary>The links of sparse layer <paramref name="layer"/> (0-based), <paramref name="inputs"/> → <paramref
    /// name="outputs"/>.</summary>
    /// <remarks>A budget within the layer's size (a density of at most 1, a fan-in of at most its inputs) never
    /// asks more than the layer's n_in·n_out links: the rounding allowance of <see cref="Floor"/> grows with the
    /// product and would otherwise add a link beyond a complete layer once it exceeds 10⁹ links (a dense
    /// 40000x40000 layer was refused as "more links than it can hold").</remarks>
    public long LinksFor(int layer, int inputs, int outputs)
    {
        long possible = (long)inputs * outputs;
        long links = FanIn is { } k ? Floor(k * outputs) : Floor(Density!.For(layer) * inputs * outputs);
        bool withinLayer = FanIn is { } fanIn ? fanIn <= inputs : Density!.For(layer) <= 1;
        return withinLayer ? Math.Min(links, possible) : links;
    }

    /// <summary>Checks the budget against the widths: one density per layer (or one for all), each giving
    /// links.</summary>
    public void Validate(int inputs, IReadOnlyList<int> hidden)
    {
        if (FanIn is { } k)
        {
            if (!(k > 0) || double.IsInfinity(k))
                throw new InvalidSettingException("fan-in", $" must be positive, got {Show(k)}");
        }
        else
        {
            IReadOnlyList<double> values = Density!.Values;
            if (values.Count != 1 && values.Count != hidden.Count)
                throw new InvalidSettingException(
                    "density",
                    $" lists {values.Count} values for {hidden.Count} sparse layers; give one value or one per layer"
                );
            foreach (double d in values)
                if (!(d > 0 && d <= 1))
                    throw new InvalidSettingException("density", $" must be in (0, 1], got {Show(d)}");
        }
        int previous = inputs;
        for (int layer = 0; layer < hidden.Count; layer++)
        {
            long links = LinksFor(layer, previous, hidden[layer]);
            string shape = $"hidden layer {layer + 1} ({previous}x{hidden[layer]})";
            // The budget's text is "density X" or "fan-in K": the setting, then its value.
            string setting = FanIn is null ? "density" : "fan-in",
                value = ToString()[(setting.Length + 1)..];
            if (links == 0)
                throw new InvalidSettingException(setting, $" {value} leaves {shape} without links");
            if (links > (long)previous * hidden[layer])
                throw new InvalidSettingException(
                    setting,
                    $" {value} asks more links than {shape} can hold: --{setting} is at most "
                        + (FanIn is null ? "1" : $"its {previous} inputs")
                );
            if (links > int.MaxValue)
                throw new SparseGpuException($"--{this} gives {shape} {links} links (at most {int.MaxValue})");
            previous = hidden[layer];
        }
    }

    /// <summary>"density 0.01", "density 0.0128,3e-05,3e-05" or "fan-in 10".</summary>
    public override string ToString() => FanIn is { } k ? $"fan-in {Show(k)}" : $"density {Density}";

    /// <summary>The small epsilon keeps products like 0.01 · 784000 = 7839.999… from losing a link to
    /// rounding.</summary>
    private static long Floor(double exact)
    {
        double links = Math.Floor(exact + 1e-9 * Math.Max(1.0, exact));
        return links >= long.MaxValue ? long.MaxValue : (long)links;
    }

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
