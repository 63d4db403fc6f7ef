using System.Text.Json.Nodes;
using SparseGpu.Jobs;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>
/// A sweep run's complete.json records the explicit list of perturbations its robustness sweep ran, and a resumed
/// sweep keeps to it: a spec that names none means the default set only while the recorded list is that set; a list
/// recorded otherwise (a sweep run under another default) is refused rather than redone, and nothing in the run
/// folder changes.
/// </summary>
public sealed class RecordedPerturbationListTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public RecordedPerturbationListTests() => IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 80, test: 40);

    public void Dispose() => _temp.Dispose();

    private string Spec(string perturbations)
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(
            path,
            $$"""
            {
              "name": "recorded", "datasets": ["mnist"], "methods": ["rlr"], "seeds": [1],
              "training": { "epochs": 1, "hidden": [20], "density": 0.2, "batch_size": 20 },
              "robustness": { "levels": "0,1", "epsilons": "0,0.1", "repeats": 1 {{perturbations}} },
              "device": "cpu"
            }
            """
        );
        return path;
    }

    private SweepRequest Request(string spec, string output) =>
        new()
        {
            Spec = spec,
            OutDirectory = output,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
            Threads = 1,
        };

    private static IReadOnlyList<RunOutcome> Run(SweepRequest request) =>
        SweepRunner.Run(request, new Quiet(), CancellationToken.None);

    private static JsonObject Marker(RunFolder folder) =>
        JsonNode.Parse(File.ReadAllText(folder.CompleteMarker))!.AsObject();

    private static void Record(RunFolder folder, JsonNode? perturbations)
    {
        JsonObject marker = Marker(folder);
        marker["robustness"]!["perturbations"] = perturbations;
        File.WriteAllText(folder.CompleteMarker, marker.ToJsonString());
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory
            .GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Fact]
    public void A_resumed_sweep_keeps_the_list_its_complete_json_recorded()
    {
        string output = _temp.File("sweep");
        string unnamed = Spec("");
        Assert.All(Run(Request(unnamed, output)), o => Assert.Equal(RunOutcomeKind.Completed, o.Kind));
        var (_, runs) = SweepRunner.Plan(Request(unnamed, output));
        var folder = new RunFolder(output, runs[0]);
        // The explicit default set is recorded, never "null".
        Assert.Equal(
            Perturbations.DefaultNames,
            Marker(folder)["robustness"]!["perturbations"]!.AsArray().Select(n => n!.GetValue<string>())
        );
        Assert.All(Run(Request(unnamed, output)), o => Assert.Equal(RunOutcomeKind.Skipped, o.Kind));

        // A run swept under another default (here: without fgsm): the unnamed spec is refused, nothing changes.
        string[] other = [.. Perturbations.DefaultNames.Where(n => n != "fgsm")];
        Record(folder, new JsonArray([.. other.Select(n => (JsonNode)JsonValue.Create(n)!)]));
        Dictionary<string, byte[]> before = Snapshot(output);
        var refused = Assert.Throws<SparseGpuException>(() => Run(Request(unnamed, output)));
        Assert.Contains($"ran the perturbations {string.Join(", ", other)}", refused.Message);
        Assert.Contains("list the perturbations in robustness.perturbations", refused.Message);
        Assert.Throws<SparseGpuException>(() => SweepRunner.DryRun(Request(unnamed, output), _ => { }));
        Dictionary<string, byte[]> after = Snapshot(output);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, f => Assert.Equal(f.Value, after[f.Key]));

        // Naming the recorded list in the spec keeps the run as it is (the same settings: nothing to redo).
        string named = Spec($", \"perturbations\": [{string.Join(", ", other.Select(n => $"\"{n}\""))}]");
        var (_, namedRuns) = SweepRunner.Plan(Request(named, output));
        Assert.Equal(RunState.Done, new RunFolder(output, namedRuns[0]).Status().State);

        // A complete.json written before lists were recorded ("perturbations": null) ran the six of that time.
        Record(folder, null);
        Assert.Equal(RunState.Done, folder.Status().State);
        Assert.All(Run(Request(unnamed, output)), o => Assert.Equal(RunOutcomeKind.Skipped, o.Kind));
    }

    private sealed class Quiet : ISweepReporter
    {
        public void Notice(string message) { }

        public void RunStarted(RunPlan run, int position, int total) { }

        public void RunFinished(RunOutcome outcome, int position, int total) { }
    }
}
