using SparseGpu.Model;
using SparseGpu.Runs;

namespace SparseGpu.Robustness;

/// <summary>What `sparsegpu robustness` was asked to do.</summary>
public sealed record RobustnessRequest
{
    public IReadOnlyList<string> Models { get; init; } = [];
    public string? Dataset { get; init; }

    /// <summary>Comma-separated perturbation names; null: the default set (<see
    /// cref="Robustness.Perturbations.Default"/>).</summary>
    public string? Perturbations { get; init; }

    /// <summary>Levels of the link and weight perturbations.</summary>
    public string Levels { get; init; } = "0:1:0.05";

    /// <summary>FGSM's levels: ε on the [0,1] pixel scale (beyond 0.2 no MNIST-like classifier is left
    /// standing).</summary>
    public string Epsilons { get; init; } = "0:0.2:0.01";

    public int Repeats { get; init; } = 10;
    public PerturbationScope Scope { get; init; } = PerturbationScope.Sparse;

    /// <summary>Sparse layers (1-based) to perturb; null: all of them.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>How a neuron attack's level counts hidden neurons (--neuron-scope).</summary>
    public NeuronScope NeuronScope { get; init; } = NeuronScope.PerLayer;

    /// <summary>How the weight orders rank links (--order).</summary>
    public LinkOrder Order { get; init; } = LinkOrder.PerLayer;

    /// <summary>Link removals step on the network as the previous level left it (--relative).</summary>
    public bool Relative { get; init; }

    /// <summary>The switches as perturbations see them.</summary>
    public PerturbationOptions PerturbationOptions => new(Scope, Layers, NeuronScope, Order, Relative);

    /// <summary>Seed of the repeats' random streams (null: each model's training seed).</summary>
    public ulong? Seed { get; init; }

    public string Device { get; init; } = "auto";
    public int Threads { get; init; }
    public string? DataDirectory { get; init; }
    public bool AllowDownload { get; init; } = true;

    /// <summary>Where robustness.csv and summary.csv go (default: runs/robustness-DATASET-TIME).</summary>
    public string? OutDirectory { get; init; }

    /// <summary>Whether MNIST may fall back to the bundled subset's test images (off in studies).</summary>
    public bool AllowBundledFallback { get; init; } = true;

    /// <summary>Whether a sweep with other settings already in OutDirectory is replaced (a study) rather than
    /// refused.</summary>
    public bool ReplaceOtherSettings { get; init; }

    /// <summary>What is done to each damaged network before it is evaluated (`--prune-dead`, `--rescale`,
    /// `--finetune-steps`); none by default.</summary>
    public Compensation.CompensationSettings Compensation { get; init; } =
        SparseGpu.Robustness.Compensation.CompensationSettings.None;

    /// <summary>The optional network measures of each row (`--measures`): the O(links) ones unless asked for
    /// more or fewer.</summary>
    public NetworkMeasureSet Measures { get; init; } = NetworkMeasureSet.Default;

    /// <summary>
    /// What happens when <see cref="Measures"/> leaves out density and a model is dense: summary.csv then cannot
    /// tell the dense model (sparse_density 1 at level 0), so its relative-to-dense columns would be blank. True (the
    /// robustness verb): a usage error before any work. False (a sweep's run, whose model is trained by then): a
    /// notice says the columns stay blank.
    /// </summary>
    public bool RefuseUnmeasuredDenseModel { get; init; } = true;
}

/// <summary>A sparse layer: its neurons, their mean in-degree, and whether the sweep perturbed it.</summary>
public sealed record SparseLayerShape(int Neurons, double MeanInDegree, bool Perturbed)
{
    /// <summary>The sparse layers of <paramref name="network"/> (all but the read-out); <paramref name="perturbed"/>:
    /// the 1-based layers the sweep damaged, null for all.</summary>
    public static List<SparseLayerShape> Of(Network network, IReadOnlyList<int>? perturbed) =>
        network
            .Layers.Take(network.Layers.Count - 1)
            .Select(
                (l, k) =>
                    new SparseLayerShape(l.Outputs, (double)l.LinkCount / l.Outputs, perturbed?.Contains(k + 1) ?? true)
            )
            .ToList();
}

/// <summary>Progress of a sweep: evaluations done of the total.</summary>
public readonly record struct RobustnessProgress(int Done, int Total, string Model, string Perturbation)
{
    /// <summary>The perturbation of the one report a continued sweep makes for the evaluations it keeps.</summary>
    public const string Kept = "kept from the earlier run";
}

public sealed record RobustnessResult(
    IReadOnlyList<RobustnessRecord> Records,
    IReadOnlyList<RobustnessSummaryRow> Summary,
    double Seconds,
    string Device,
    string OutDirectory
)
{
    /// <summary>Rows kept from earlier runs of an interrupted sweep (0: this run computed every row).</summary>
    public int KeptRecords { get; init; }

    /// <summary>The whole sweep's wall time, its blocks' seconds over every run that computed them; with
    /// <see cref="UntimedBlocks"/> above 0 it falls short by their time.</summary>
    public double SweepSeconds { get; init; }

    public int UntimedBlocks { get; init; }

    /// <summary>The sparse layers of the first model, for the percolation figure's Erdős–Rényi yardstick.</summary>
    public IReadOnlyList<SparseLayerShape> SparseLayers { get; init; } = [];

    public string RecordsFile => Path.Combine(OutDirectory, RunLayout.RobustnessRecords);
    public string SummaryFile => Path.Combine(OutDirectory, RunLayout.RobustnessSummary);
}
