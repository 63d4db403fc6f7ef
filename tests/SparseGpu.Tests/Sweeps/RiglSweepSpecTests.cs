using SparseGpu.Jobs;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>`--method rigl` in a sweep spec: its options in `training`, a run trained from it, and its options
/// refused beside a method that does not read them, whichever comes first.</summary>
public sealed class RiglSweepSpecTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public RiglSweepSpecTests() => IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 240, test: 60);

    public void Dispose() => _temp.Dispose();

    private const string RiglTraining = """
        { "epochs": 3, "hidden": [40, 30], "density": 0.1, "batch_size": 16,
          "rigl_alpha": 0.4, "rigl_t_end": 2, "rigl_delta_t": 1, "rigl_batches": 2 }
        """;

    private string Spec(string methods, string training = RiglTraining)
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(
            path,
            $$"""
            { "name": "rigl", "datasets": ["mnist"], "methods": [{{methods}}], "seeds": [1],
              "training": {{training}}, "robustness": null, "device": "cpu" }
            """
        );
        return path;
    }

    [Fact]
    public void The_spec_s_rigl_options_reach_the_run_s_settings_and_its_id()
    {
        RunPlan run = Assert.Single(SweepPlan.Expand(SweepSpec.Read(Spec("\"rigl\""))));
        Assert.Equal("rigl", run.Method);
        Assert.Equal(
            ((double?)0.4, (int?)2, (int?)1, (int?)2),
            (run.Settings.RiglAlpha, run.Settings.RiglTEnd, run.Settings.RiglDeltaT, run.Settings.RiglBatches)
        );
        RunPlan other = Assert.Single(
            SweepPlan.Expand(
                SweepSpec.Read(Spec("\"rigl\"", RiglTraining.Replace("\"rigl_t_end\": 2", "\"rigl_t_end\": 3")))
            )
        );
        Assert.NotEqual(run.Id, other.Id);
    }

    [Fact]
    public void A_rigl_run_trains_every_epoch_from_the_spec()
    {
        var request = new SweepRequest
        {
            Spec = Spec("\"rigl\""),
            OutDirectory = _temp.File("sweep"),
            Jobs = 1,
            DataDirectory = _temp.File("data"),
            AllowDownload = false,
            Threads = 1,
        };
        RunOutcome outcome = Assert.Single(SweepRunner.Run(request, new Quiet(), CancellationToken.None));
        Assert.Equal(RunOutcomeKind.Completed, outcome.Kind);
        var folder = new RunFolder(_temp.File("sweep"), outcome.Run);
        string[] metrics = File.ReadAllLines(folder.Training.Metrics);
        Assert.Equal(1 + 3, metrics.Length); // a header and one line per epoch
    }

    [Theory]
    [InlineData("\"rlr\", \"rigl\"", "rlr")]
    [InlineData("\"rigl\", \"set\"", "set")]
    public void Rigl_options_beside_a_method_that_does_not_read_them_are_refused(string methods, string other)
    {
        var error = Assert.ThrowsAny<SparseGpuException>(() => SweepSpec.Read(Spec(methods)));
        Assert.Contains($"applies to --method rigl only, not --method {other}", error.Message);
    }

    private sealed class Quiet : ISweepReporter
    {
        public void Notice(string message) { }

        public void RunStarted(RunPlan run, int position, int total) { }

        public void RunFinished(RunOutcome outcome, int position, int total) { }
    }
}
