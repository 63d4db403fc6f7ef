using System.Globalization;
using SparseGpu.Benchmarks;
using SparseGpu.Common;
using SparseGpu.Engines;
using SparseGpu.LinkPrediction;

namespace SparseGpu.Cli.Verbs;

public sealed class BenchCommand(BenchOptions options) : ICommand
{
    public int Execute(CommandContext context) =>
        options.Suite.ToLowerInvariant() switch
        {
            "training" => Training(context),
            "linkpred" => LinkPrediction(context),
            "rigl" => BenchRiglSuite.Run(options, context),
            _ => throw new InvalidSettingException(
                $"--suite '{options.Suite}' is not valid; valid: training, linkpred, rigl"
            ),
        };

    private int LinkPrediction(CommandContext context)
    {
        BenchRiglSuite.RefuseRiglOptions(options, "linkpred");
        int[] sizes = OptionValues.IntList(options.Sizes, "sizes")!;
        if (sizes.Any(s => s < 11))
            throw new InvalidSettingException("--sizes must be at least 11 (10 links per neuron)");
        string[] predictors = Predictors();
        TextWriter o = context.Output;
        var c = CultureInfo.InvariantCulture;
        for (int i = 0; i < predictors.Length; i++)
        {
            LinkPredictionBenchmarkReport r = LinkPredictionBenchmark.Run(
                predictors[i],
                options.Device,
                options.Threads,
                sizes,
                context.Error.WriteLine
            );
            if (i == 0)
            {
                o.WriteLine(string.Create(c, $"device        {r.Device}"));
                BenchHeader.WriteDate(o);
            }
            WriteLinkPrediction(o, r);
        }
        return CliApp.Success;
    }

    /// <summary>--predictors, each a valid name (checked before any timing), duplicates refused.</summary>
    private string[] Predictors()
    {
        string[] names = options
            .Predictors.Split(',', StringSplitOptions.TrimEntries)
            .Select(name =>
                name.Length == 0
                    ? throw new InvalidSettingException("--predictors has an empty name")
                    : LinkPredictionMethods.Names.FirstOrDefault(n =>
                        string.Equals(n, name, StringComparison.OrdinalIgnoreCase)
                    )
                        ?? throw new InvalidSettingException(
                            $"--predictors: '{name}' is not valid; valid: "
                                + string.Join(", ", LinkPredictionMethods.Names)
                        )
            )
            .ToArray();
        if (names.Distinct().Count() != names.Length)
            throw new InvalidSettingException($"--predictors names a predictor twice: {options.Predictors}");
        return names;
    }

    private static void WriteLinkPrediction(TextWriter o, LinkPredictionBenchmarkReport r)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(
            $"{LinkPredictionMethods.DisplayName(r.Method)} of every absent link of a square layer, 10 links per "
                + "neuron, best 30% of the link count selected:"
        );
        o.WriteLine(
            $"  {"size", 7} {"links", 9} {"L3 paths", 11} {"selected", 9} {"time ms", 9} {"ns/path", 8} "
                + $"{"allocated MiB", 14}"
        );
        foreach (LinkPredictionRow row in r.Rows)
            o.WriteLine(
                string.Create(
                    c,
                    $"  {row.Size, 7} {row.Links, 9} {row.Paths, 11} {row.Selected, 9} {row.Seconds * 1000, 9:F1} "
                        + $"{row.NanosecondsPerPath, 8:F1} {row.AllocatedBytes / 1048576.0, 14:F1}"
                )
            );
        o.WriteLine(string.Create(c, $"peak working set {r.PeakWorkingSetBytes / 1048576.0:F0} MiB"));
    }

    private int Training(CommandContext context)
    {
        BenchRiglSuite.RefuseRiglOptions(options, "training");
        if (options.BatchSize <= 0)
            throw new InvalidSettingException($"--batch-size must be positive, got {options.BatchSize}");
        int[] widths = OptionValues.IntList(options.Widths, "widths")!;
        if (widths.Any(w => w <= 0))
            throw new InvalidSettingException("--widths must be positive");
        if (options.ScalingSamples <= 0)
            throw new InvalidSettingException("--scaling-samples must be positive");
        if (!(options.FanIn >= 1) || double.IsInfinity(options.FanIn))
            throw new InvalidSettingException(
                $"--fan-in must be at least 1, got {options.FanIn.ToString(CultureInfo.InvariantCulture)}"
            );
        if (OptionValues.IntList(options.Hidden, "hidden") is { } hidden && hidden.Any(w => w <= 0))
            throw new InvalidSettingException("--hidden widths must be positive");
        if (options.EpochSamples < 0)
            throw new InvalidSettingException($"--epoch-samples must be 0 or positive, got {options.EpochSamples}");
        // Checked before minutes of measuring, not after.
        if (
            options.Figure is { } requested
            && Path.GetExtension(requested).ToLowerInvariant() is not (".png" or ".svg")
        )
            throw new InvalidSettingException(
                $"--figure {requested}: the extension decides the format; give a .png or .svg file"
            );
        var request = new BenchmarkRequest
        {
            Device = options.Device,
            Threads = options.Threads,
            BatchSize = options.BatchSize,
            Widths = widths,
            ScalingSamples = options.ScalingSamples,
            FanIn = options.FanIn,
            ScalingCh3L3 = !options.NoCh3L3,
            EpochSamples = options.EpochSamples,
            Hidden = OptionValues.IntList(options.Hidden, "hidden"),
            DataDirectory = options.DataDir,
        };
        if (OptionValues.IntList(options.Pack, "pack") is { } packs)
            return Packed(context, request, packs);
        BenchmarkReport r = TrainingBenchmark.Run(request, context.Error.WriteLine);
        TextWriter o = context.Output;
        var c = CultureInfo.InvariantCulture;
        BenchHeader.Write(o, r.Device, r.DeviceDescription, r.Data);
        o.WriteLine(
            string.Create(
                c,
                $"training      {r.SamplesPerSecond:N0} samples/s, {r.EpochSeconds:F2} s per epoch of "
                    + $"{r.EpochSamples} (batch {r.BatchSize}, "
                    + $"{(options.Hidden is null ? "default network" : $"hidden {options.Hidden}")})"
            )
        );
        o.WriteLine(
            string.Create(
                c,
                $"topology      {r.TopologyUpdateSeconds * 1000:F1} ms per update (store, RLR edit of every sparse "
                    + $"layer, load)"
            )
        );
        o.WriteLine(string.Create(c, $"evaluation    {r.EvaluationSeconds:F3} s for {r.EvaluationImages} test images"));
        if (r.BatchOperations.Count > 0)
        {
            double total = r.BatchOperations.Sum(t => t.Seconds);
            o.WriteLine(string.Create(c, $"per batch     {total * 1e6:F1} us when each operation is timed alone:"));
            foreach (OperationTiming t in r.BatchOperations)
                o.WriteLine(
                    string.Create(c, $"  {t.Operation, -28} {t.Seconds * 1e6, 9:F1} us  {t.Seconds / total, 6:P1}")
                );
        }
        WriteScaling(o, r, options.FanIn);
        if (options.Figure is { } figure)
            foreach (string file in Plotting.ScalingFigure.Render(r, figure, new Plotting.FigureOptions()))
                o.WriteLine($"figure        {file}");
        return CliApp.Success;
    }

    private int Packed(CommandContext context, BenchmarkRequest request, int[] packs)
    {
        if (packs.Length == 0 || packs.Any(k => k < 1))
            throw new InvalidSettingException($"--pack '{options.Pack}': every K must be at least 1");
        // The width scaling is not run with --pack: its options would do nothing, which is said, not ignored.
        BenchOptionRefusals.Refuse(
            BenchOptionRefusals.ScalingOptionsGiven(options).ToList(),
            them => $"the width scaling is not measured with --pack; leave {them} out or run bench without --pack"
        );
        PackBenchmarkReport r = PackedTrainingBenchmark.Run(request, packs, context.Error.WriteLine);
        TextWriter o = context.Output;
        var c = CultureInfo.InvariantCulture;
        BenchHeader.Write(o, r.Device, r.DeviceDescription, r.Data);
        string network = options.Hidden is null ? "default network" : $"hidden {options.Hidden}";
        string how = r.Rows.Any(row => row.Packed)
            ? "packed into the same kernel launches"
            : "one after another on the fast CPU path";
        o.WriteLine($"networks trained together (batch {r.BatchSize}, {network}, {how}):");
        o.WriteLine(
            $"  {"K", 4} {"samples each", 13} {"seconds", 9} {"samples/s per network", 22} {"samples/s in all", 17}"
        );
        foreach (PackBenchmarkRow row in r.Rows)
            o.WriteLine(
                string.Create(
                    c,
                    $"  {row.Networks, 4} {row.SamplesPerNetwork, 13} {row.Seconds, 9:F3} "
                        + $"{row.SamplesPerSecondPerNetwork, 22:N0} {row.SamplesPerSecondInAll, 17:N0}"
                )
            );
        return CliApp.Success;
    }

    private static void WriteScaling(TextWriter o, BenchmarkReport r, double fanIn)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(
            string.Create(
                c,
                $"width scaling (3 hidden layers of the width, {fanIn} links per neuron in every sparse layer, "
                    + $"batch {r.BatchSize}):"
            )
        );
        o.WriteLine(
            $"  {"width", 7} {"links", 10} {"samples/s", 10} {"link-samples/s", 15} {"per link x", 10} "
                + $"{"B/link", 7} {"peak MiB", 9} {"RLR s", 7} {"CH3L3 s", 8} {"% bound", 8}"
        );
        ScalingRow first = r.Scaling[0];
        foreach (ScalingRow row in r.Scaling)
        {
            string ch3l3 = row.Ch3L3UpdateSeconds is { } seconds ? seconds.ToString("F2", c) : "-";
            double perLink = row.LinkSamplesPerSecond / first.LinkSamplesPerSecond;
            o.WriteLine(
                string.Create(
                    c,
                    $"  {row.Width, 7} {row.Links, 10} {row.SamplesPerSecond, 10:N0}"
                        + $" {row.LinkSamplesPerSecond, 15:0.00e0} {perLink, 10:F2} {row.BytesPerLink, 7:F1}"
                        + $" {row.PeakWorkingSetBytes / 1048576.0, 9:N0} {row.RlrUpdateSeconds, 7:F2} {ch3l3, 8} "
                        + $"{Percent(row.FractionOfBound), 8}"
                )
            );
        }
        o.WriteLine(
            "  per link x: link-samples/s against the first width; B/link: parameters, topology and batch buffers "
                + "per link;"
        );
        o.WriteLine(
            "  peak MiB: the process's peak working set so far; RLR/CH3L3 s: one update of every sparse layer "
                + "(store, edit, load);"
        );
        o.WriteLine(
            "  % bound: the time the sparse passes would take at this machine's random-row read bandwidth over "
                + "their measured time."
        );
        foreach (ScalingRow row in r.Scaling)
        {
            o.WriteLine(
                string.Create(
                    c,
                    $"  {$"passes at width {row.Width}:", -30} {"ms", 9} {"MB moved", 9} {"GB/s", 7} "
                        + $"{"bound GB/s", 10} {"rows", 8} {"% bound", 8}"
                )
            );
            foreach (PassTraffic p in row.Passes)
                o.WriteLine(
                    string.Create(
                        c,
                        $"    {p.Operation, -28} {p.Seconds * 1000, 9:F3} {p.Bytes / 1e6, 9:F2}"
                            + $" {p.Bytes / p.Seconds / 1e9, 7:F2} {Gigabytes(p.BoundBytesPerSecond), 10} "
                            + $"{p.SourceRows, 8} {Percent(p.FractionOfBound), 8}"
                    )
                );
        }
    }

    /// <summary>A rate in GB/s, or "-" where none was measured (the table said "NaN").</summary>
    private static string Gigabytes(double bytesPerSecond) =>
        double.IsNaN(bytesPerSecond) ? "-" : (bytesPerSecond / 1e9).ToString("F2", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "-" : (fraction * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";
}
