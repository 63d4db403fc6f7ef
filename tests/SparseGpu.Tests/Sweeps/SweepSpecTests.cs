using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

public sealed class SweepSpecTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Spec(string json)
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Valid = """
        {
          "name": "tiny",
          "datasets": ["mnist", "fashion-mnist"],
          "methods": ["rlr", "ch3l3", "none"],
          "seeds": [1, 2],
          // comments are allowed
          "training": { "epochs": 2, "hidden": [50, 40], "density": 0.1, "batch_size": 16 },
          "robustness": { "levels": "0:1:0.5", "repeats": 2 },
        }
        """;

    [Fact]
    public void A_spec_expands_into_every_data_set_method_and_seed_in_order()
    {
        IReadOnlyList<RunPlan> runs = SweepPlan.Expand(SweepSpec.Read(Spec(Valid)));
        Assert.Equal(12, runs.Count);
        Assert.Equal(Enumerable.Range(0, 12), runs.Select(r => r.Index));
        Assert.Equal(("mnist", "rlr", 1UL), (runs[0].Dataset, runs[0].Method, runs[0].Seed));
        Assert.Equal(("fashion-mnist", "none", 2UL), (runs[^1].Dataset, runs[^1].Method, runs[^1].Seed));
        Assert.All(
            runs,
            r =>
                Assert.Equal(
                    (2, 16, Densities.Uniform(0.1)),
                    (r.Settings.Epochs, r.Settings.BatchSize, r.Settings.Density)
                )
        );
        Assert.All(runs, r => Assert.Equal(2, r.Robustness!.Repeats));
        Assert.Equal(runs.Count, runs.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void Run_ids_are_stable_and_change_with_any_training_setting()
    {
        IReadOnlyList<RunPlan> first = SweepPlan.Expand(SweepSpec.Read(Spec(Valid)));
        IReadOnlyList<RunPlan> again = SweepPlan.Expand(SweepSpec.Read(Spec(Valid)));
        Assert.Equal(first.Select(r => r.Id), again.Select(r => r.Id));
        // Pinned: the id must not drift between versions or machines, or finished runs would be redone.
        Assert.Equal("mnist-rlr-seed1-" + SweepPlan.SettingsHash(first[0].Settings), first[0].Id);
        Assert.Matches("^mnist-rlr-seed1-[0-9a-f]{8}$", first[0].Id);
        Assert.Equal("mnist-rlr-seed1-acb41341", first[0].Id);

        IReadOnlyList<RunPlan> changed = SweepPlan.Expand(
            SweepSpec.Read(Spec(Valid.Replace("\"epochs\": 2", "\"epochs\": 3")))
        );
        Assert.NotEqual(first[0].Id, changed[0].Id);
        IReadOnlyList<RunPlan> robustnessChanged = SweepPlan.Expand(
            SweepSpec.Read(Spec(Valid.Replace("\"repeats\": 2", "\"repeats\": 4")))
        );
        Assert.Equal(first[0].Id, robustnessChanged[0].Id); // the trained model is reused; only its sweep is redone
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(20)]
    public void Shards_are_disjoint_and_cover_every_run(int count)
    {
        IReadOnlyList<RunPlan> runs = SweepPlan.Expand(SweepSpec.Read(Spec(Valid)));
        var shards = Enumerable
            .Range(0, count)
            .Select(i => SweepPlan.Shard(runs, i, count).Select(r => r.Id).ToList())
            .ToList();
        Assert.Equal(runs.Select(r => r.Id).Order(), shards.SelectMany(s => s).Order());
        Assert.Equal(runs.Count, shards.Sum(s => s.Count));
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= 1);
    }

    [Theory]
    [InlineData("3/4", 3, 4)]
    [InlineData("0/1", 0, 1)]
    public void Shards_parse(string text, int index, int count) =>
        Assert.Equal((index, count), SweepPlan.ParseShard(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Bad_shards_are_refused(string text) =>
        Assert.Equal(
            $"--shard '{text}' must be I/N with 0 <= I < N (e.g. 0/4)",
            Assert.Throws<InvalidSettingException>(() => SweepPlan.ParseShard(text)).Message
        );

    [Theory]
    [InlineData("""{"datasets": ["mnist"], "methods": ["rlr"], "seeds": []}""", "'seeds' lists no seed")]
    [InlineData("""{"datasets": [], "methods": ["rlr"], "seeds": [1]}""", "'datasets' lists no data set")]
    [InlineData("""{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1, 1]}""", "a seed is listed twice")]
    [InlineData(
        """{"datasets": ["cifar"], "methods": ["rlr"], "seeds": [1]}""",
        "unknown data set 'cifar'; valid: mnist, fashion-mnist, kmnist, emnist-letters"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["gradient"], "seeds": [1]}""",
        "methods: 'gradient' is not valid; valid: rlr, ch3l3, none, imp, set, rigl, chts"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"density": 2}}""",
        "training.density must be in (0, 1], got 2"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": {"levels": "0:2:1"}}""",
        "robustness.levels: level 2 is outside [0, 1]"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"learning_rate": -1}}""",
        "training.learning_rate must be positive, got -1"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"zeta": [0.1, 1]}}""",
        "training.zeta must be in [0, 1), got 1"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": {"perturbations": ["melt"]}}""",
        "unknown perturbation 'melt'; valid: {perturbations}"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "name": "a b"}""",
        "'name' must be letters, digits, '-', '_' or '.', got 'a b'"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "device": "tpu"}""",
        "device: 'tpu' is not valid; valid: auto, cuda, opencl, cpu, ilgpu-cpu"
    )]
    public void Invalid_specs_are_one_line_errors_naming_the_file(string json, string message)
    {
        string path = Spec(json);
        message = message.Replace("{perturbations}", string.Join(", ", Perturbations.Names));
        Assert.Equal($"{path}: {message}", Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message);
    }

    [Theory]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "trainig": {}}""",
        ":1: unknown property 'trainig' (did you mean training?)"
    )]
    [InlineData("{\n\"datasets\": [\"mnist\",\n}", ":3: ")]
    [InlineData(
        """{"datasets": "mnist", "methods": ["rlr"], "seeds": [1]}""",
        ":1: 'datasets' must be a list of strings"
    )]
    public void Malformed_json_and_typos_are_errors_with_the_line(string json, string fragment)
    {
        string path = Spec(json);
        string message = Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message;
        Assert.StartsWith(path, message);
        Assert.Contains(fragment, message);
        Assert.DoesNotContain("\n", message);
    }

    [Fact]
    public void A_missing_spec_is_named()
    {
        string path = _temp.File("nope.json");
        Assert.Equal($"{path}: spec not found", Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message);
    }
}
