using System.Text.Json;
using System.Text.Json.Serialization;
using SparseGpu.Runs;
using SparseGpu.Training;

namespace SparseGpu.Robustness;

/// <summary>
/// One checkpoint of a sweep: where it was read, what it is, and the SHA-256 of its network
/// (<see cref="CheckpointFile.NetworkSha256"/>). Not of the file, which also records training's wall times: a model
/// retrained bit for bit (the CPU path is deterministic) is the same model, and a sweep interrupted on one machine
/// can continue on another that retrained it.
/// </summary>
public sealed record RobustnessModel(
    string Path,
    string Method,
    ulong Seed,
    string NetworkSha256,
    TrainingSettings Training
);

/// <summary>Everything that decides a robustness sweep's numbers. Two sweeps with equal settings compute the same
/// rows.</summary>
public sealed record RobustnessSettings
{
    public string Dataset { get; init; } = "";

    /// <summary>Test images evaluated: tells the full test set from the bundled MNIST subset.</summary>
    public int TestImages { get; init; }

    public string Scope { get; init; } = "sparse";
    public string[] Perturbations { get; init; } = [];
    public double[] Levels { get; init; } = [];
    public double[] Epsilons { get; init; } = [];
    public int Repeats { get; init; }

    /// <summary>--neuron-scope, --order and --relative; a manifest written before them reads as their defaults,
    /// which is what it ran.</summary>
    public string NeuronScope { get; init; } = "per-layer";

    public string Order { get; init; } = "per-layer";
    public bool Relative { get; init; }

    /// <summary>--layers: the sparse layers perturbed (1-based); absent (null) for every layer, as in sweeps from
    /// before it was recorded, so a sweep continued with other layers is refused rather than mixed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? Layers { get; init; }

    /// <summary>Seed of the repeats' random streams; null: each model's training seed.</summary>
    public ulong? Seed { get; init; }

    public RobustnessModel[] Models { get; init; } = [];

    /// <summary>The compensation switches; absent (null) when none is on, as in sweeps from before they
    /// existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Compensation.CompensationSettings? Compensation { get; init; }

    /// <summary>The optional network measures of the rows (<see cref="NetworkMeasureSets.Recorded"/>): absent for
    /// the default set; a continued sweep must ask for the same.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Measures { get; init; }
}

/// <summary>The wall seconds one finished (model, perturbation, repeat) block took, on the device that computed
/// it.</summary>
public sealed record RobustnessBlockTime(string Model, string Perturbation, int Repeat, double Seconds, string Device);

/// <summary>
/// robustness.json: a sweep's settings, the program version and device, what the columns of robustness.csv mean,
/// whether the sweep finished and how long its blocks took. Written when a sweep starts, after every finished block
/// and when it ends; a rerun into the same directory compares its settings with these to decide whether it may
/// continue the sweep.
/// </summary>
public sealed record RobustnessManifest
{
    public const string FileName = RunLayout.RobustnessManifest;

    /// <summary>What links_remaining counts, recorded so that its meaning never has to be guessed.</summary>
    public const string LinksRemainingMeaning =
        "links left in the sparse hidden layers after the perturbation; the dense read-out is never counted, "
        + "whatever the scope";

    public string Program { get; init; } = ProgramInfo.Name;
    public string ProgramVersion { get; init; } = ProgramInfo.Version;
    public string Device { get; init; } = "";
    public bool Complete { get; init; }

    /// <summary>
    /// The sweep's wall time: its finished blocks' seconds, summed over every run that computed them, so a sweep
    /// interrupted and continued (on another day or machine) states its whole time, not its last run's.
    /// </summary>
    public double Seconds { get; init; }

    /// <summary>Finished blocks whose time is unknown (kept from a version that did not time blocks, or finished
    /// just before an interruption); nonzero means <see cref="Seconds"/> falls short of the sweep's time.</summary>
    public int UntimedBlocks { get; init; }

    public RobustnessBlockTime[] Blocks { get; init; } = [];
    public string LinksRemaining { get; init; } = LinksRemainingMeaning;
    public RobustnessSettings Settings { get; init; } = new();

    public void Write(string directory) =>
        AtomicFile.WriteAllText(
            Path.Combine(directory, FileName),
            JsonSerializer.Serialize(this, JsonFormat.Options) + "\n"
        );

    /// <summary>The manifest in <paramref name="directory"/>, or null when there is none; a damaged one is an
    /// error.</summary>
    public static RobustnessManifest? Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            return null;
        try
        {
            // Read with a bound: a device such as /dev/zero is refused, not read until memory runs out.
            string json = InputFile.ReadAllText(path, "robustness.json");
            return JsonSerializer.Deserialize<RobustnessManifest>(json, JsonFormat.Options)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new SparseGpuException(
                $"{path}: not a robustness.json ({e.Message.Split(". Path:")[0].ReplaceLineEndings(" ")})"
            );
        }
    }

    /// <summary>The settings' top-level names whose values differ between two manifests (empty: the same
    /// sweep).</summary>
    public static List<string> Differences(RobustnessSettings a, RobustnessSettings b)
    {
        JsonElement x = JsonSerializer.SerializeToElement(a, JsonFormat.Options),
            y = JsonSerializer.SerializeToElement(b, JsonFormat.Options);
        // Both ways: a setting written only when given (compensation) is a difference when either side has it.
        return x.EnumerateObject()
            .Select(p => p.Name)
            .Union(y.EnumerateObject().Select(p => p.Name))
            .Where(name =>
                !x.TryGetProperty(name, out JsonElement mine)
                || !y.TryGetProperty(name, out JsonElement other)
                || other.GetRawText() != mine.GetRawText()
            )
            .ToList();
    }
}
