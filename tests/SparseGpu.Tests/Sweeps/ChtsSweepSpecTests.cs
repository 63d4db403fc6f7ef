using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>A sweep spec's `predictor` key: it reaches every chts run's settings, run id and checkpoint, a tiny sweep
/// trains with it, and with a method that would ignore it the spec is a one-line error.</summary>
public sealed class ChtsSweepSpecTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Spec(string methods, string training)
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(
            path,
            $$"""
            {
              "name": "chts",
              "datasets": ["mnist"],
              "methods": [{{methods}}],
              "seeds": [1],
              "training": { "epochs": 2, "hidden": [40, 30], "density": 0.1, "batch_size": 16{{training}} },
              "robustness": { "levels": "0,1", "repeats": 1 },
              "device": "cpu"
            }
            """
        );
        return path;
    }

    [Fact]
    public void A_chts_sweep_with_a_predictor_trains_with_it()
    {
        string spec = Spec("\"chts\"", ", \"predictor\": \"CH2L3\"");
        RunPlan run = Assert.Single(SweepPlan.Expand(SweepSpec.Read(spec)));
        Assert.Equal(("chts", "ch2l3"), (run.Method, run.Settings.Predictor));
        RunPlan without = Assert.Single(SweepPlan.Expand(SweepSpec.Read(Spec("\"chts\"", ""))));
        Assert.Null(without.Settings.Predictor);
        Assert.NotEqual(without.Id, run.Id);

        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 240, test: 60);
        var request = new SweepRequest
        {
            Spec = spec,
            OutDirectory = _temp.File("sweep"),
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
            Threads = 1,
        };
        RunOutcome outcome = Assert.Single(SweepRunner.Run(request, new Quiet(), CancellationToken.None));
        Assert.Equal(RunOutcomeKind.Completed, outcome.Kind);
        var folder = new RunFolder(_temp.File("sweep"), run);
        Assert.Equal("ch2l3", CheckpointFile.Read(folder.Training.Model).Settings.Predictor);
        string[] rows = File.ReadAllLines(folder.Training.Metrics);
        int byScore = Array.IndexOf(rows[0].Split(','), "regrown_by_score_1");
        Assert.True(int.Parse(rows[2].Split(',')[byScore]) > 0, "the update before epoch 2 sampled by score");
    }

    [Theory]
    [InlineData("\"rlr\"", "rlr")]
    [InlineData("\"chts\", \"set\"", "set")]
    public void A_predictor_with_another_method_is_a_one_line_error(string methods, string refused)
    {
        string path = Spec(methods, ", \"predictor\": \"ch2l3\"");
        // Refused as the spec is read, with the file named, whichever place the refusing method has in the list.
        string message = Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message;
        Assert.StartsWith(path + ": ", message);
        Assert.Contains(
            $"predictor applies to --method chts only; --method {refused} does not sample by a predictor's scores",
            message
        );
        Assert.DoesNotContain("\n", message);
    }

    [Fact]
    public void An_unknown_predictor_in_a_spec_is_a_one_line_error()
    {
        string path = Spec("\"chts\"", ", \"predictor\": \"ch4l3\"");
        string message = Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message;
        Assert.StartsWith(path + ": ", message);
        Assert.Contains("'ch4l3' is not valid; valid: ch3l3, ch3l3n, ch2l3, ch2l3n", message);
        Assert.DoesNotContain("\n", message);
    }

    private sealed class Quiet : ISweepReporter
    {
        public void Notice(string message) { }

        public void RunStarted(RunPlan run, int position, int total) { }

        public void RunFinished(RunOutcome outcome, int finished, int total) { }
    }
}
