using SparseGpu.Data;
using SparseGpu.Model;

namespace SparseGpu.Training;

/// <summary>The names <c>--init</c> takes, and the rule each stands for on a run's settings and training
/// images.</summary>
public static class InitialTopologies
{
    public const string ErdosRenyi = "er";
    public const string Correlated = "csti";
    public const string WattsStrogatz = "ws";

    public static readonly IReadOnlyList<string> Names = [ErdosRenyi, Correlated, WattsStrogatz];

    public static string Help =>
        "er (uniformly random links: Erdős–Rényi) | csti (the pairs of most correlated pixels over the training "
        + "images, CHT's correlated sparse topological initialisation; hidden widths must be multiples of the pixel "
        + "count) | ws (bipartite Watts–Strogatz: a ring lattice rewired with probability --ws-beta)";

    /// <summary>What is wrong with the name, or null.</summary>
    public static string? Problem(string name) =>
        Names.Contains(name) ? null : $" '{name}' is not valid; valid: {string.Join(", ", Names)}";

    /// <summary>--ws-beta is given exactly when --init is ws.</summary>
    public static void CheckBeta(TrainingSettings settings)
    {
        bool ws = settings.Init == WattsStrogatz;
        if (ws && settings.WsBeta is null)
            throw new InvalidSettingException(
                "init",
                " ws needs --ws-beta B, the probability in [0, 1] that a lattice link is rewired"
            );
        if (!ws && settings.WsBeta is not null)
            throw new InvalidSettingException(
                "ws-beta",
                $" applies to --init ws only; the run has --init {settings.Init}"
            );
    }

    /// <summary>The rule of <paramref name="settings"/>; csti computes its correlations from
    /// <paramref name="train"/>, the images the run trains on.</summary>
    public static IInitialTopology For(TrainingSettings settings, ImageSet train)
    {
        switch (settings.Init)
        {
            case ErdosRenyi:
                return ErdosRenyiTopology.Instance;
            case WattsStrogatz:
                return new WattsStrogatzTopology(settings.WsBeta!.Value);
            case Correlated:
                RequireTiling(settings.Hidden, train.InputSize);
                var correlated = new CorrelatedTopology(train.InputSize, PixelCorrelations.Of(train));
                // With no correlation at all every pair ties at 0 and the draw would be er's under another name.
                if (!correlated.AnyCorrelation)
                    throw new InvalidSettingException(
                        "init",
                        $" csti: the {train.Count} training images give no two pixels a non-zero correlation"
                    );
                return correlated;
            default:
                throw new InvalidSettingException("init", Problem(settings.Init)!);
        }
    }

    /// <summary>csti gives a hidden neuron j the correlations of pixel j mod P: each width must be a multiple of
    /// P.</summary>
    public static void RequireTiling(IReadOnlyList<int> hidden, int pixels)
    {
        for (int layer = 0; layer < hidden.Count; layer++)
            if (hidden[layer] % pixels != 0)
                throw new InvalidSettingException(
                    "init",
                    $" csti needs every hidden width to be a multiple of the {pixels} input pixels (hidden neuron j "
                        + $"stands for pixel j mod {pixels}); hidden layer {layer + 1} has {hidden[layer]} neurons"
                );
    }
}
