using System.Text;
using SparseGpu.Robustness;
using SparseGpu.Runs;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;
using Xunit.Abstractions;

namespace SparseGpu.Tests.Fuzz;

/// <summary>
/// Fuzzing the readers of a sweep's files: the spec, robustness.csv, metrics.csv (with config.json), and the run
/// markers complete.json, failed.json and running.lock. Fixed seeds, about 5 s each; every input ends in success or
/// one SparseGpuException line, never another exception, a hang or a large allocation.
/// </summary>
public sealed class SweepFileFuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Enough inputs that the fuzzer surely ran, even on a slow shared machine.</summary>
    private const int MinimumInputs = 20;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <summary>These files are a few kilobytes; reading one may cost some multiple of that, never megabytes
    /// more.</summary>
    private const long AllocationBound = 32L << 20;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _temp.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private const string SpecSeed = """
        {
          "name": "fuzz",
          "datasets": ["mnist", "fashion-mnist"],
          "methods": ["rlr", "ch3l3", "none"],
          "seeds": [1, 2],
          // a comment
          "training": { "epochs": 2, "hidden": [50, 40], "density": 0.1, "batch_size": 16, "train_limit": 100 },
          "robustness": {
            "perturbations": ["random", "fgsm"], "levels": "0:1:0.5", "epsilons": "0,0.1", "repeats": 2, "scope": "all"
          },
          "device": "cpu"
        }
        """;

    public static TheoryData<string> Readers => new() { "spec", "robustness-csv", "metrics-csv", "markers" };

    [Theory]
    [MemberData(nameof(Readers))]
    public void Committed_crashing_inputs_stay_fixed(string reader)
    {
        Action<byte[]> read = ReaderFor(reader);
        foreach (byte[] input in FuzzLoop.Regressions(reader))
            FuzzLoop.Check(reader, input, read, AllocationBound);
    }

    [Fact]
    public void Sweep_spec() =>
        Ran(
            FuzzLoop.Run(
                "spec",
                11,
                Budget,
                [
                    Utf8(SpecSeed),
                    Utf8("""{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": null}"""),
                ],
                ReaderFor("spec"),
                AllocationBound
            )
        );

    [Fact]
    public void Robustness_csv() =>
        Ran(
            FuzzLoop.Run("robustness-csv", 12, Budget, [RobustnessSeed()], ReaderFor("robustness-csv"), AllocationBound)
        );

    [Fact]
    public void Metrics_csv() =>
        Ran(
            FuzzLoop.Run(
                "metrics-csv",
                13,
                Budget,
                [MetricsSeed(), ConfigSeed()],
                ReaderFor("metrics-csv"),
                AllocationBound
            )
        );

    [Fact]
    public void Run_markers() =>
        Ran(
            FuzzLoop.Run(
                "markers",
                14,
                Budget,
                [
                    Utf8(
                        """{ "id": "x", "robustness_key": "null", "finished_utc": "2026-11-30T"""
                            + """10:00:00Z", "host": "vm" }"""
                    ),
                    Utf8(
                        """{ "id": "x", "stage": "training", "message": "mnist: not """
                            + """available", "failed_utc": "2026-11-30T10:00:00Z" }"""
                    ),
                    Utf8(LockHolder.ThisProcess("0123456789abcdef").Serialize()),
                    Utf8(new LockHolder("another-host", 4242, DateTime.UtcNow, "fedcba", DateTime.UtcNow).Serialize()),
                ],
                ReaderFor("markers"),
                AllocationBound
            )
        );

    private void Ran(int inputs)
    {
        output.WriteLine($"{inputs} inputs in {Budget.TotalSeconds} s");
        Assert.True(inputs >= MinimumInputs, $"only {inputs} inputs ran");
    }

    private Action<byte[]> ReaderFor(string reader) =>
        reader switch
        {
            "spec" => bytes =>
            {
                SweepSpec spec = SweepSpec.Read(Write("spec.json", bytes));
                _ = SweepPlan.Expand(spec).Count;
            },
            "robustness-csv" => bytes =>
            {
                List<RobustnessRecord> records = RobustnessCsv.Read(Write("robustness.csv", bytes));
                _ = RobustnessSummary.Compute(records).Count;
            },
            "metrics-csv" => bytes =>
            {
                // The same bytes as metrics.csv (beside a valid config) and as config.json (beside valid metrics),
                // and metrics.csv as a resumed run continues it.
                Write(Path.Combine("a", "config.json"), ConfigSeed());
                Write(Path.Combine("a", "metrics.csv"), bytes);
                Try(() => RunHistory.Read(_temp.File("a")));
                Write(Path.Combine("b", "config.json"), bytes);
                Write(Path.Combine("b", "metrics.csv"), MetricsSeed());
                Try(() => RunHistory.Read(_temp.File("b")));
                MetricsCsv.Continue(_temp.File("a", "metrics.csv"), 1, 2);
            },
            "markers" => bytes =>
            {
                var folder = MarkerFolder();
                foreach (string marker in new[] { folder.CompleteMarker, folder.FailedMarker, folder.Lock })
                {
                    File.WriteAllBytes(marker, bytes);
                    _ = folder.Status();
                    _ = RunLock.Inspect(folder.Path);
                    File.Delete(marker);
                }
                _ = LockHolder.Parse(Encoding.UTF8.GetString(bytes));
            },
            _ => throw new ArgumentException(reader),
        };

    /// <summary>Runs a read whose SparseGpuException is an accepted outcome, so that the next read runs too.</summary>
    private static void Try(Action read)
    {
        try
        {
            read();
        }
        catch (SparseGpuException e) when (!e.Message.Contains('\n')) { }
    }

    private RunFolder? _markerFolder;

    private RunFolder MarkerFolder()
    {
        if (_markerFolder is not null)
            return _markerFolder;
        string spec = Write(
            "marker-spec.json",
            Utf8("""{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "device": "cpu"}""")
        );
        _markerFolder = new RunFolder(_temp.File("sweep"), SweepPlan.Expand(SweepSpec.Read(spec))[0]);
        Directory.CreateDirectory(_markerFolder.Path);
        return _markerFolder;
    }

    private static byte[] RobustnessSeed() =>
        Utf8(
            RobustnessCsv.Header
                + "\n"
                + "/m/model.ckpt,rlr,mnist,1,random,0,0,0.96,0.1,100,50\n"
                + "/m/model.ckpt,rlr,mnist,1,random,0.5,0,0.5,1.2,50,40\n"
                + "/m/model.ckpt,rlr,mnist,1,random,1,0,0.1,2.3,0,0\n"
                + "\"/m/a,b.ckpt\",ch3l3,mnist,2,fgsm,0.1,0,0.5,1.5,100,50\n"
        );

    private static byte[] MetricsSeed() =>
        Utf8(
            MetricsCsv.Header(1)
                + "\n"
                + "1,0.025,0.5,0.9,0.3,0.85,1.0000,0.0000,0.1000,100,40,0,0,0,0\n"
                + "2,0.0125,0.4,0.92,0.28,0.9,1.0000,0.0100,0.1000,100,41,30,30,0,30\n"
        );

    private static byte[] ConfigSeed() =>
        Utf8(
            """
            { "program": "sparsegpu", "settings": { "dataset": "mnist", "hidden": [40], "density": 0.1, "epochs": 2,
              "regrowth": "rlr", "seed": 1 }, "device": "cpu" }
            """
        );
}
