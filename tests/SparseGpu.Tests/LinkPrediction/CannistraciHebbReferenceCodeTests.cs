using System.Text.Json;
using SparseGpu.LinkPrediction;
using SparseGpu.Model;
using SparseGpu.Tests.Support;
using Xunit.Abstractions;

namespace SparseGpu.Tests.LinkPrediction;

/// <summary>
/// Every predictor's fast path against the public reference code of Cannistraci-Hebb training on identical masks:
/// cannistraci_hebb_reference_code.py transcribes that code's formulas into numpy (the dense "L3n" products for
/// CH3-L3n and CH2-L3n, the path enumeration of CH_scores_new_v2 for CH2-L3 and CH3-L3). Every absent link of every
/// catalogue layer and of some random ones is compared, zeros included; the worst relative error is printed.
/// </summary>
public sealed class CannistraciHebbReferenceCodeTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Summation order and pow(x, ½) against √ differ: a few units in the last place.</summary>
    private const double WorstRelativeError = 1e-13;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void The_fast_paths_give_the_reference_codes_scores_on_identical_masks()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3");
        ExternalTool.RequireThat(Python.Has(python, "import numpy"), "python3 with numpy");
        var layers = BipartiteGraphs.Catalogue.ToDictionary(p => p.Key, p => p.Value());
        layers["random-rectangular"] = BipartiteGraphs.Random(23, 31, 0.15, seed: 77, isolated: 2);
        layers["random-hubs"] = BipartiteGraphs.Random(50, 12, 0.4, seed: 78, isolated: 0);
        string cases = _temp.File("cases.json");
        File.WriteAllText(
            cases,
            JsonSerializer.Serialize(
                layers.Select(p => new
                {
                    name = p.Key,
                    inputs = p.Value.Inputs,
                    outputs = p.Value.Outputs,
                    links = Enumerable.Range(0, p.Value.LinkCount).Select(k => Link(p.Value, k)).ToArray(),
                })
            )
        );
        string script = Path.Combine(
            Repository.Root,
            "tests",
            "SparseGpu.Tests",
            "LinkPrediction",
            "cannistraci_hebb_reference_code.py"
        );
        using JsonDocument reference = JsonDocument.Parse(Python.Run(python, script, cases));

        var worst = new Dictionary<string, double>();
        foreach (var (name, t) in layers)
        foreach (string method in LinkPredictionMethods.Names)
        {
            var fast = FastScores(method, t);
            JsonElement rows = reference.RootElement.GetProperty(name).GetProperty(method);
            double worstHere = 0;
            for (int v = 0; v < t.Outputs; v++)
            for (int u = 0; u < t.Inputs; u++)
            {
                double expected = rows[v][u].GetDouble();
                double actual = fast.GetValueOrDefault(t.Key(u, v));
                string what = $"{name} {method} (input {u}, output {v})";
                if (expected == 0)
                {
                    Assert.True(actual == 0, $"{what}: the reference code scores 0, the fast path {actual}");
                    continue;
                }
                double error = Math.Abs(actual - expected) / Math.Abs(expected);
                Assert.True(error <= WorstRelativeError, $"{what}: {actual} against {expected}");
                worstHere = Math.Max(worstHere, error);
            }
            worst[method] = Math.Max(worst.GetValueOrDefault(method), worstHere);
        }
        foreach (var (method, error) in worst)
            output.WriteLine($"{method}: worst relative error against the reference code {error:E2}");
    }

    private static int[] Link(LayerTopology t, int k)
    {
        var (input, output) = t.LinkOfKey(t.KeyOf(k));
        return [input, output];
    }

    private static Dictionary<long, double> FastScores(string method, LayerTopology t) =>
        (
            method == LinkPredictionMethods.Ch3L3 ? Ch3L3Cpu.All(t, []) : CannistraciHebbCpu.All(method, t, [])
        ).ToDictionary(l => l.Key, l => l.Score);
}
