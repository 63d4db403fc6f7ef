using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SparseGpu.Data;
using SparseGpu.Robustness;
using SparseGpu.Robustness.Compensation;
using SparseGpu.Topology;
using SparseGpu.Training;
using PerturbationCatalog = SparseGpu.Robustness.Perturbations;

namespace SparseGpu.Sweeps;

/// <summary>The robustness sweep run on every trained model (see `sparsegpu robustness`).</summary>
public sealed record SweepRobustness
{
    public string[]? Perturbations { get; init; }
    public string Levels { get; init; } = "0:1:0.05";
    public string Epsilons { get; init; } = "0:0.2:0.01";
    public int Repeats { get; init; } = 10;
    public string Scope { get; init; } = "sparse";

    /// <summary>--neuron-scope, --order, --relative (null: the default). Written only when given, so a spec without
    /// them, its run folders' complete.json and their comparison stay as they were before the switches
    /// existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NeuronScope { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Order { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Relative { get; init; }

    // The compensation switches (`sparsegpu robustness --prune-dead ...`). Written to complete.json only when given,
    // so the recorded settings of a sweep without them are what they were before they existed.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PruneDead { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rescale { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CalibrationImages { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FinetuneSteps { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FinetuneEpochs { get; init; }

    /// <summary>The network measures of the rows, as `sparsegpu robustness --measures` (null: the default set; naming
    /// the default is stored as null too, so it does not change complete.json).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Measures
    {
        get;
        init => field = NetworkMeasureSets.IsDefault(value) ? null : value;
    }

    /// <summary>Not serialized: complete.json of a default sweep stays as it was before the set existed.</summary>
    [JsonIgnore]
    public NetworkMeasureSet ParsedMeasures => NetworkMeasureSets.Parse(Measures);

    /// <summary>The switches as `sparsegpu robustness` takes them.</summary>
    public CompensationSettings CompensationSwitches() =>
        new()
        {
            PruneDead = PruneDead,
            Rescale = Rescale ?? "none",
            CalibrationImages = CalibrationImages ?? CompensationSettings.DefaultCalibrationImages,
            FinetuneSteps = FinetuneSteps,
            FinetuneEpochs = FinetuneEpochs,
        };

    /// <summary>The perturbations as `sparsegpu robustness --perturbations` takes them (null: the default
    /// set).</summary>
    public string? PerturbationList => Perturbations is null ? null : string.Join(",", Perturbations);

    /// <summary>The block with the explicit list of perturbations it runs (the default set's names when it names
    /// none), as a run's complete.json records it.</summary>
    public SweepRobustness Resolved() =>
        this with
        {
            Perturbations = PerturbationCatalog.Parse(PerturbationList).Select(p => p.Name).ToArray(),
        };

    [JsonIgnore]
    public NeuronScope ParsedNeuronScope =>
        NeuronScope is null ? Robustness.NeuronScope.PerLayer : PerturbationSwitches.ParseNeuronScope(NeuronScope);

    [JsonIgnore]
    public LinkOrder ParsedOrder => Order is null ? LinkOrder.PerLayer : PerturbationSwitches.ParseOrder(Order);

    public PerturbationScope ParsedScope =>
        Scope.ToLowerInvariant() switch
        {
            "sparse" => PerturbationScope.Sparse,
            "all" => PerturbationScope.All,
            _ => throw new SparseGpuException($"robustness.scope '{Scope}' is not valid; valid: sparse, all"),
        };
}

/// <summary>
/// A study: every data set × regrowth method × seed, trained with shared settings, each trained model then put
/// through the robustness sweep. Read from JSON (snake_case names); unknown properties are errors, so a typo
/// cannot silently fall back to a default.
/// </summary>
public sealed record SweepSpec
{
    public string Name { get; init; } = "sweep";
    public string[] Datasets { get; init; } = [];
    public string[] Methods { get; init; } = [];
    public ulong[] Seeds { get; init; } = [];

    /// <summary>Settings of every run, any of them a list to vary it; data set, method and seed come from the lists
    /// above.</summary>
    public TrainingGrid Training { get; init; } = new();

    /// <summary>Null: train only.</summary>
    public SweepRobustness? Robustness { get; init; }

    public string Device { get; init; } = "auto";

    /// <summary>Train up to this many compatible runs together in the same launches (see `sweep --pack`, which
    /// overrides it); null: one at a time. How the runs are trained, not what they compute, so a changed value
    /// still names the same study.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Pack { get; init; }

    /// <summary>The most runs a spec may expand to unless it says more in `max_runs`: a grid of 2000 × 2000 values
    /// kept even `--dry-run` busy for minutes with no output, so runs are counted before the grid is
    /// expanded.</summary>
    public const long DefaultMaxRuns = 10_000;

    /// <summary>Raises <see cref="DefaultMaxRuns"/> for a study that really is that large (null: the
    /// default).</summary>
    public long? MaxRuns { get; init; }

    /// <summary>Data sets × grid points × methods × seeds, counted without expanding anything (saturates at
    /// long.MaxValue).</summary>
    public long RunCount =>
        new[] { Datasets.Length, Methods.Length, Seeds.Length }
            .Concat(Training.Axes.Select(a => a.Values.Count))
            .Aggregate(
                1L,
                (product, n) =>
                    n == 0 ? 0
                    : product > long.MaxValue / n ? long.MaxValue
                    : product * n
            );

    private static string Thousands(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions ReadOptions = new(Runs.JsonFormat.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A key given twice is an error, not "the last one wins" (which drops the first without a word).
        AllowDuplicateProperties = false,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static SweepSpec Read(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path, "spec");
        SweepSpec spec;
        try
        {
            // Decoded strictly first: the serializer leaves invalid UTF-8 inside strings to fail as another exception.
            spec =
                JsonSerializer.Deserialize<SweepSpec>(StrictUtf8.GetString(bytes).TrimStart('\uFEFF'), ReadOptions)
                ?? throw new SparseGpuException($"{path}: the spec is empty");
        }
        catch (DecoderFallbackException)
        {
            throw new SparseGpuException($"{path}: not UTF-8 text");
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $":{line + 1}" : "";
            throw new SparseGpuException($"{path}{where}: {SpecJsonError.Describe(e)}");
        }
        spec.Validate(path);
        return spec;
    }

    public void Validate(string path)
    {
        void Require([DoesNotReturnIf(false)] bool condition, string message)
        {
            if (!condition)
                throw new SparseGpuException($"{path}: {message}");
        }
        // JSON null reaches even non-nullable properties: name each one before anything uses it.
        Require(Datasets is not null, "'datasets' must be a list, not null");
        Require(Methods is not null, "'methods' must be a list, not null");
        Require(Seeds is not null, "'seeds' must be a list, not null");
        Require(Datasets.All(d => !string.IsNullOrWhiteSpace(d)), "'datasets' has a null or empty entry");
        Require(Methods.All(m => !string.IsNullOrWhiteSpace(m)), "'methods' has a null or empty entry");
        Require(Name is not null, "'name' must be a string, not null");
        Require(Device is not null, "'device' must be a string, not null");
        Require(Training is not null, "'training' must be an object, not null");
        if (Robustness is { } checkedRobustness)
        {
            Require(checkedRobustness.Scope is not null, "'robustness.scope' must be a string, not null");
            Require(checkedRobustness.Levels is not null, "'robustness.levels' must be a string, not null");
            Require(checkedRobustness.Epsilons is not null, "'robustness.epsilons' must be a string, not null");
            // An empty list would read as the default set: say what is wrong instead of running what was not asked.
            string[]? perturbations = checkedRobustness.Perturbations;
            Require(
                perturbations is not { Length: 0 },
                "'robustness.perturbations' lists no perturbation (leave it out to run the default set: "
                    + $"{string.Join(", ", PerturbationCatalog.DefaultNames)})"
            );
            Require(
                perturbations is null || perturbations.All(p => !string.IsNullOrWhiteSpace(p)),
                "'robustness.perturbations' has a null or empty entry"
            );
        }
        Require(Datasets.Length > 0, "'datasets' lists no data set");
        Require(Methods.Length > 0, "'methods' lists no regrowth method");
        Require(Seeds.Length > 0, "'seeds' lists no seed");
        Require(
            Datasets.Distinct(StringComparer.OrdinalIgnoreCase).Count() == Datasets.Length,
            "a data set is listed twice"
        );
        Require(
            Methods.Distinct(StringComparer.OrdinalIgnoreCase).Count() == Methods.Length,
            "a method is listed twice"
        );
        Require(Seeds.Distinct().Count() == Seeds.Length, "a seed is listed twice");
        Require(MaxRuns is null or > 0, $"'max_runs' must be positive, got {MaxRuns}");
        Require(Pack is null or > 0, $"'pack' must be positive, got {Pack}");
        long limit = MaxRuns ?? DefaultMaxRuns;
        Require(
            RunCount <= limit,
            $"the spec expands to {(RunCount == long.MaxValue ? "more than 9.2e18" : Thousands(RunCount))} runs, "
                + $"more than the limit of {Thousands(limit)}; set \"max_runs\" in the spec to allow more"
        );
        Require(
            Name.Length > 0 && Name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.'),
            $"'name' must be letters, digits, '-', '_' or '.', got '{Name}'"
        );
        try
        {
            foreach (string dataset in Datasets)
                DatasetCatalog.Get(dataset);
            foreach (string method in Methods)
                TopologyMethods.Get(method);
            Engines.EngineFactory.RequireKnownName(Device);
            // Every method, not only the first: a setting that only some method takes (predictor, set_zeta, rigl_*)
            // must be refused here, with the file named, whichever place its method has in the list.
            foreach (GridPoint point in GridPoints())
            foreach (string method in Methods)
                SettingsFor(Datasets[0], method, Seeds[0], point);
            if (Robustness is { } r)
            {
                if (r.Repeats <= 0)
                    throw new SparseGpuException($"robustness.repeats must be positive, got {r.Repeats}");
                _ = r.ParsedScope;
                _ = r.ParsedMeasures;
                r.CompensationSwitches().Validate();
                IReadOnlyList<Perturbation> perturbations = PerturbationCatalog.Parse(r.PerturbationList);
                // Both grids are checked, even one no chosen perturbation takes: a spec's typo is never kept.
                foreach (string option in new[] { "levels", "epsilons" })
                    LevelGrid.Parse(
                        option == "levels" ? r.Levels : r.Epsilons,
                        option,
                        perturbations
                            .Where(p => p.Kind.GridOption() == option)
                            .Select(p => p.MaxLevel)
                            .DefaultIfEmpty(1)
                            .Min()
                    );
                PerturbationSwitches.RequireReached(
                    new PerturbationOptions(
                        r.ParsedScope,
                        null,
                        r.ParsedNeuronScope,
                        r.ParsedOrder,
                        r.Relative ?? false
                    ),
                    perturbations
                );
            }
        }
        catch (InvalidSettingException e)
        {
            throw new SparseGpuException($"{path}: {InSpecTerms(e)}");
        }
        catch (SparseGpuException e)
        {
            throw new SparseGpuException($"{path}: {e.Message}");
        }
    }

    /// <summary>
    /// A setting's error with the setting named by its key in the spec ("training.learning_rate must be positive",
    /// "methods: 'set' is not valid"), not by the command-line option the core's message uses.
    /// </summary>
    public static string InSpecTerms(InvalidSettingException e)
    {
        if (e.Setting is not { } setting)
            return e.Message;
        static string Key(string setting) =>
            setting switch
            {
                "device" => "device",
                "levels"
                or "epsilons"
                or "repeats"
                or "scope"
                or "perturbations"
                or "order"
                or "relative"
                or "measures" => $"robustness.{setting}",
                PerturbationSwitches.NeuronScopeName => "robustness.neuron_scope",
                "rescale" or "calibration-images" or "finetune-steps" or "finetune-epochs" =>
                    $"robustness.{setting.Replace('-', '_')}",
                _ when TrainingSettingCatalog.ByOption(setting) is { } known => known.SpecList
                    ?? $"training.{known.SpecKey}",
                _ => $"training.{setting.Replace('-', '_')}",
            };
        string detail = e.DetailNamedBy(Key)!;
        // A quoted value right after the key reads as the key's value: "methods: 'set' is not valid".
        return Key(setting) + (detail.StartsWith(" '", StringComparison.Ordinal) ? ":" : "") + detail;
    }

    /// <summary>Every combination of the settings listed in `training` (one when none is a list).</summary>
    public IReadOnlyList<GridPoint> GridPoints() => Training.Points(ReadOptions);

    /// <summary>The complete training settings of one run.</summary>
    public static TrainingSettings SettingsFor(string dataset, string method, ulong seed, GridPoint point) =>
        point
            .Overrides.With(TrainingSettingCatalog.Dataset, dataset)
            .With(TrainingSettingCatalog.Method, method)
            .With(TrainingSettingCatalog.Seed, seed)
            .ApplyTo(new TrainingSettings());
}
