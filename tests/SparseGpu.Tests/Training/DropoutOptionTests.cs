using System.Text.Json;
using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Training;

/// <summary>
/// `train --dropout` from the command line and from a sweep spec (issue 27 §3): 0 is today's training bit for bit,
/// a rate in a spec reaches the run it names and enters its id.
/// </summary>
public sealed class DropoutOptionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public DropoutOptionTests() => IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 60, test: 20);

    public void Dispose() => _temp.Dispose();

    private CliRunner.Result Train(string output, params string[] extra) =>
        CliRunner.Run([
            "train",
            "--hidden",
            "12,9",
            "--density",
            "0.3",
            "--epochs",
            "2",
            "--batch-size",
            "8",
            "--seed",
            "4",
            "--device",
            "cpu",
            "--threads",
            "1",
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--quiet",
            "--out",
            output,
            .. extra,
        ]);

    [Fact]
    public void Dropout_0_writes_the_files_of_a_run_without_the_option_byte_for_byte()
    {
        Assert.Equal(CliApp.Success, Train(_temp.File("plain")).ExitCode);
        Assert.Equal(CliApp.Success, Train(_temp.File("zero"), "--dropout", "0").ExitCode);
        Assert.Equal(CliApp.Success, Train(_temp.File("on"), "--dropout", "0.3").ExitCode);
        RunDirectory plain = new(_temp.File("plain")),
            zero = new(_temp.File("zero")),
            on = new(_temp.File("on"));
        Assert.Equal(File.ReadAllBytes(plain.Model), File.ReadAllBytes(zero.Model));
        Assert.Equal(MetricsFiles.WithoutTimes(plain.Metrics), MetricsFiles.WithoutTimes(zero.Metrics));
        Assert.Equal(Recorded(plain.Config), Recorded(zero.Config));
        Assert.DoesNotContain("dropout", Recorded(zero.Config));
        // The option is read at all: a rate trains other weights and is recorded.
        Assert.NotEqual(File.ReadAllBytes(plain.Model), File.ReadAllBytes(on.Model));
        Assert.Equal(0.3, CheckpointFile.Read(on.Model).Settings.Dropout);
    }

    [Fact]
    public void A_dropout_rate_in_a_sweep_spec_trains_its_runs_with_it_and_enters_their_ids()
    {
        string withDropout = Spec("\"dropout\": 0.3"),
            atZero = Spec("\"dropout\": 0"),
            without = Spec("");
        RunPlan dropped = SweepPlan.Expand(SweepSpec.Read(withDropout)).Single(),
            zero = SweepPlan.Expand(SweepSpec.Read(atZero)).Single(),
            plain = SweepPlan.Expand(SweepSpec.Read(without)).Single();
        Assert.Equal(0.3, dropped.Settings.Dropout);
        Assert.NotEqual(plain.Id, dropped.Id);
        Assert.Equal(plain.Id, zero.Id);

        foreach (var (spec, name) in new[] { (withDropout, "dropped"), (without, "plain") })
            Assert.Equal(
                CliApp.Success,
                CliRunner
                    .Run([
                        "sweep",
                        "--spec",
                        spec,
                        "--out",
                        _temp.File(name),
                        "--data-dir",
                        _temp.File("data"),
                        "--no-download",
                        "--threads",
                        "1",
                    ])
                    .ExitCode
            );
        string droppedModel = new RunDirectory(RunPath("dropped", dropped.Id)).Model;
        Checkpoint trained = CheckpointFile.Read(droppedModel);
        Assert.Equal(0.3, trained.Settings.Dropout);
        // Trained with it: the same run without dropout ends with other weights.
        Checkpoint reference = CheckpointFile.Read(new RunDirectory(RunPath("plain", plain.Id)).Model);
        Assert.NotEqual(
            reference.State.Network.Layers.SelectMany(l => l.Weights),
            trained.State.Network.Layers.SelectMany(l => l.Weights)
        );
    }

    private string RunPath(string sweep, string id) => Path.Combine(_temp.File(sweep), RunLayout.SweepRuns, id);

    private string Spec(string extraSetting)
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        string extra = extraSetting.Length > 0 ? ", " + extraSetting : "";
        File.WriteAllText(
            path,
            $$"""
            {
              "name": "dropout", "datasets": ["mnist"], "methods": ["rlr"], "seeds": [3],
              "training": { "epochs": 1, "hidden": [12], "density": 0.3, "batch_size": 10{{extra}} },
              "device": "cpu"
            }
            """
        );
        return path;
    }

    /// <summary>config.json without the two keys that differ between any two runs: its time and command
    /// line.</summary>
    private static string Recorded(string configPath)
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(configPath));
        var kept = config
            .RootElement.EnumerateObject()
            .Where(p => p.Name is not ("written_utc" or "command_line"))
            .Select(p => $"{p.Name}={p.Value.GetRawText()}")
            .ToList();
        Assert.Contains(kept, p => p.StartsWith("settings=", StringComparison.Ordinal));
        return string.Join("\n", kept);
    }
}
