using System.Diagnostics;
using System.Text;
using SparseGpu.Engines;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;

namespace SparseGpu.Jobs;

/// <summary>
/// Scores the absent links of a bipartite layer read from an edge list and writes input,output,score rows,
/// highest score first, equal scores by input then output.
/// </summary>
public static class LinkPredictionJob
{
    private static readonly CsvCell Unscored = new("0");

    public static LinkPredictionReport Run(
        LinkPredictionRequest request,
        TextWriter standardOutput,
        CancellationToken cancel = default
    )
    {
        LinkPredictionMethods.Require(request.Method);
        EngineFactory.RequireKnownName(request.Device);
        if (request.Top is <= 0)
            throw new InvalidSettingException("top", $" must be positive, got {request.Top}");
        if (request.Top is not null && request.All)
            throw new InvalidSettingException("top", $" and {InvalidSettingException.Other("all")} exclude each other");
        if (request.Out is not null)
            OutputPath.RequireReplaceable(request.Out); // before the scoring, which can take minutes
        EdgeList edges = ReadLayer(request);
        LayerTopology t = edges.Topology;

        using OpenedScorer opened = LinkScorers.Open(request.Method, request.Device);
        var clock = Stopwatch.StartNew();
        ScoredLink[] scored = opened.Scorer.Best(
            t,
            [],
            request.Top ?? int.MaxValue,
            LinkRanking.ByPosition(t.Inputs, t.Outputs)
        );
        double seconds = clock.Elapsed.TotalSeconds;

        long written = 0;
        void WriteRows(TextWriter writer)
        {
            cancel.ThrowIfCancellationRequested();
            var table = new CsvWriter(writer, ["input", "output", "score"]);
            foreach (ScoredLink link in scored)
            {
                var (input, output) = t.LinkOfKey(link.Key);
                table.Row(input, output, CsvCell.Significant(link.Score, 12));
                if ((++written & 0xFFFF) == 0)
                    cancel.ThrowIfCancellationRequested();
            }
            if (!request.All)
                return;
            var positive = scored.Select(l => l.Key).ToHashSet();
            for (int input = 0; input < t.Inputs; input++)
            for (int output = 0; output < t.Outputs; output++)
            {
                if (t.Contains(input, output) || positive.Contains(t.Key(input, output)))
                    continue;
                table.Row(input, output, Unscored);
                // --all can write billions of rows: a stop request ends the write (and its temporary file) here.
                if ((++written & 0xFFFF) == 0)
                    cancel.ThrowIfCancellationRequested();
            }
        }

        if (request.Out is null)
        {
            WriteRows(standardOutput);
        }
        else
        {
            AtomicFile.Write(
                request.Out,
                stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    WriteRows(writer);
                }
            );
        }
        return new LinkPredictionReport(
            t.Inputs,
            t.Outputs,
            t.LinkCount,
            edges.Duplicates,
            edges.FirstDuplicateLine,
            scored.Length,
            written,
            seconds,
            opened.Description
        );
    }

    private static EdgeList ReadLayer(LinkPredictionRequest request)
    {
        if ((request.Edges is null) == (request.Model is null))
            throw new SparseGpuException("give either --edges FILE or --model CHECKPOINT --layer K");
        if (request.Edges is not null)
            return EdgeListCsv.Read(request.Edges, request.Inputs, request.Outputs, RequireMemory, request.Layer);
        if (request.Inputs is not null || request.Outputs is not null)
            throw new SparseGpuException("--inputs and --outputs go with --edges; a model's layer has its own sizes");
        if (request.Layer is not { } layer)
            throw new SparseGpuException("--model needs --layer K (the sparse layer to score, 1-based)");
        Network network = Runs.CheckpointFile.Read(request.Model!).State.Network;
        int sparse = network.Layers.Count - 1;
        if (layer < 1 || layer > sparse)
            throw new SparseGpuException($"--layer {layer}: {request.Model} has sparse layers 1..{sparse}");
        return new EdgeList(network.Layers[layer - 1].Topology, 0, 0);
    }

    /// <summary>
    /// Refuses layers whose scoring would not fit in memory: the layer (about 40 B per link with its keys and
    /// transpose, 8 B per node) and, per scoring thread, 20 B per input and 8 B per output of scratch state.
    /// Node counts come from the largest id, so four links can make a layer of 2^30 inputs.
    /// </summary>
    internal static void RequireMemory(int inputs, int outputs, int links)
    {
        int threads = (int)Math.Min(Environment.ProcessorCount, (outputs + 63L) / 64);
        double bytes = 40.0 * links + 8.0 * ((double)inputs + outputs) + threads * (20.0 * inputs + 8.0 * outputs);
        MemoryBudget.Require(bytes, $"scoring a {inputs}x{outputs} layer");
    }
}
