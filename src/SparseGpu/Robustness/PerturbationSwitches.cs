namespace SparseGpu.Robustness;

/// <summary>
/// The robustness switches that change what some perturbations do (--scope, --layers, --neuron-scope, --order,
/// --relative): their
/// names and values as the command line, specs and robustness.json spell them, and the check that a switch set away
/// from its default reaches at least one chosen perturbation (a switch that changes nothing is an error, never
/// silently ignored). Which perturbations honour a switch each perturbation says (<see
/// cref="Perturbation.Switches"/>).
/// </summary>
public static class PerturbationSwitches
{
    /// <summary>--scope all: the per-layer link and weight perturbations also damage the dense read-out (a neuron
    /// attack removes hidden neurons, FGSM perturbs the inputs: neither has a scope).</summary>
    public const string ScopeName = "scope";

    /// <summary>--layers: the per-layer perturbations and the neuron attacks act on the named sparse layers only
    /// (FGSM perturbs the inputs, whatever the layers).</summary>
    public const string LayersName = "layers";

    public const string NeuronScopeName = "neuron-scope";
    public const string OrderName = "order";
    public const string RelativeName = "relative";

    public static string Format(NeuronScope scope) => scope == NeuronScope.Global ? "global" : "per-layer";

    public static string Format(LinkOrder order) => order == LinkOrder.Global ? "global" : "per-layer";

    public static NeuronScope ParseNeuronScope(string text) =>
        PerLayerOrGlobal(text, NeuronScopeName) ? NeuronScope.Global : NeuronScope.PerLayer;

    public static LinkOrder ParseOrder(string text) =>
        PerLayerOrGlobal(text, OrderName) ? LinkOrder.Global : LinkOrder.PerLayer;

    /// <summary>Throws unless every switch set away from its default is honoured by one of <paramref
    /// name="perturbations"/>.</summary>
    public static void RequireReached(PerturbationOptions options, IReadOnlyList<Perturbation> perturbations)
    {
        void Require(bool set, string name)
        {
            if (!set || perturbations.Any(p => p.Switches.Contains(name)))
                return;
            string honouring = string.Join(", ", Perturbations.All.Where(p => p.Switches.Contains(name)));
            throw new InvalidSettingException(name, $" changes only {honouring}, and the sweep runs none of them");
        }
        Require(options.Scope != PerturbationScope.Sparse, ScopeName);
        Require(options.Layers is not null, LayersName);
        Require(options.NeuronScope != NeuronScope.PerLayer, NeuronScopeName);
        Require(options.Order != LinkOrder.PerLayer, OrderName);
        Require(options.Relative, RelativeName);
    }

    /// <returns>True for global.</returns>
    private static bool PerLayerOrGlobal(string text, string option) =>
        text.Trim().ToLowerInvariant() switch
        {
            "per-layer" => false,
            "global" => true,
            _ => throw new InvalidSettingException(option, $" '{text}' is not valid; valid: per-layer, global"),
        };
}
