using System.Globalization;
using SparseGpu.Benchmarks;
using SparseGpu.Common;

namespace SparseGpu.Cli.Verbs;

/// <summary>`bench --suite rigl`: maps the options to <see cref="RiglBenchmark"/> and writes its table.</summary>
internal static class BenchRiglSuite
{
    public const int DefaultRounds = 5;

    public static int Run(BenchOptions options, CommandContext context)
    {
        RequireOnlyRiglOptions(options);
        if (options.BatchSize <= 0)
            throw new InvalidSettingException($"--batch-size must be positive, got {options.BatchSize}");
        int windowBatches = options.RiglBatches ?? 1;
        if (windowBatches <= 0)
            throw new InvalidSettingException(
                $"--rigl-batches must be a positive number of batches, got {windowBatches}"
            );
        int rounds = options.Rounds ?? DefaultRounds;
        if (rounds <= 0)
            throw new InvalidSettingException($"--rounds must be positive, got {rounds}");
        int[]? hidden = OptionValues.IntList(options.Hidden, "hidden");
        if (hidden is not null && hidden.Any(w => w <= 0))
            throw new InvalidSettingException("--hidden widths must be positive");
        var request = new BenchmarkRequest
        {
            Device = options.Device,
            Threads = options.Threads,
            BatchSize = options.BatchSize,
            Hidden = hidden,
            DataDirectory = options.DataDir,
        };
        RiglBenchmarkReport r = RiglBenchmark.Run(request, windowBatches, rounds, context.Error.WriteLine);
        Write(context.Output, r, options.Hidden is null ? "default network" : $"hidden {options.Hidden}");
        return CliApp.Success;
    }

    /// <summary>Options of the other suites would do nothing here: each is named, not ignored.</summary>
    private static void RequireOnlyRiglOptions(BenchOptions options)
    {
        var others = new List<string>();
        if (options.Predictors != "ch3l3")
            others.Add("--predictors");
        if (options.Sizes != "1000,3000,10000,30000,100000")
            others.Add("--sizes");
        others.AddRange(BenchOptionRefusals.ScalingOptionsGiven(options));
        if (options.Pack is not null)
            others.Add("--pack");
        if (options.EpochSamples != 0)
            others.Add("--epoch-samples");
        BenchOptionRefusals.Refuse(
            others,
            them => $"not measured by --suite rigl; leave {them} out or run another suite"
        );
    }

    /// <summary>--rigl-batches and --rounds with another suite: refused, not ignored.</summary>
    public static void RefuseRiglOptions(BenchOptions options, string suite)
    {
        string[] given = new[]
        {
            options.RiglBatches is null ? null : "--rigl-batches",
            options.Rounds is null ? null : "--rounds",
        }
            .OfType<string>()
            .ToArray();
        BenchOptionRefusals.Refuse(given, them => $"only --suite rigl reads {them}, not --suite {suite}");
    }

    private static void Write(TextWriter o, RiglBenchmarkReport r, string network)
    {
        var c = CultureInfo.InvariantCulture;
        BenchHeader.Write(o, r.Device, r.DeviceDescription, r.Data);
        o.WriteLine(
            string.Create(
                c,
                $"RigL's gradient pass against training the same window ({network}, {r.Links} links, "
                    + $"{r.CandidateLinks} absent; {r.WindowBatches} batch(es) of {r.BatchSize}):"
            )
        );
        o.WriteLine($"  {"round", 5} {"train ms", 9} {"gradients ms", 13} {"ratio", 7}");
        for (int i = 0; i < r.Rounds.Count; i++)
        {
            RiglBenchmarkRound round = r.Rounds[i];
            o.WriteLine(
                string.Create(
                    c,
                    $"  {i + 1, 5} {round.TrainSeconds * 1000, 9:F3} {round.GradientSeconds * 1000, 13:F3} "
                        + $"{round.Ratio, 7:F2}"
                )
            );
        }
        o.WriteLine(
            string.Create(
                c,
                $"  {"median", 5} {r.MedianTrainSeconds * 1000, 9:F3} {r.MedianGradientSeconds * 1000, 13:F3} "
                    + $"{r.MedianRatio, 7:F2}"
            )
        );
        o.WriteLine(
            string.Create(
                c,
                $"  {"best", 5} {r.BestTrainSeconds * 1000, 9:F3} {r.BestGradientSeconds * 1000, 13:F3} "
                    + $"{r.BestRatio, 7:F2}"
            )
        );
        o.WriteLine(
            "  train: gather, forward, backward and update of the window's batches; gradients: RigL's pass over the "
                + "same samples"
        );
        o.WriteLine(
            "  (forward, loss, dense-equivalent gradients, each sparse layer's leading candidates for growing as "
                + "many links as ζ = 0.3 removes); ratio: gradients / train."
        );
        o.WriteLine(
            string.Create(
                c,
                $"topology      one update of every sparse layer (store, signals, edit, load): "
                    + $"RigL {r.RiglUpdateSeconds * 1000:F1} ms, RLR {r.RlrUpdateSeconds * 1000:F1} ms, "
                    + $"CH3L3 {r.Ch3L3UpdateSeconds * 1000:F1} ms"
            )
        );
    }
}
