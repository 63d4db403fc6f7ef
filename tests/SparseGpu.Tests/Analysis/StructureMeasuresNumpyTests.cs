using System.Globalization;
using System.Text.Json;
using SparseGpu.Analysis;
using SparseGpu.Common;
using SparseGpu.Export;
using SparseGpu.Jobs;
using SparseGpu.Model;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;
using SparseGpu.Training;

namespace SparseGpu.Tests.Analysis;

/// <summary>
/// structure.csv's weight and activity measures and evolution.csv / link-age.csv's link-age measures, recomputed by
/// numpy (check_structure_measures.py) from the exported model, the raw IDX test images and the raw snapshot files
/// of a trained run, and compared value by value.
/// </summary>
public sealed class StructureMeasuresNumpyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Numpy_recomputes_every_new_measure_of_a_trained_run()
    {
        string python = ExternalTool.Require("python3 (Debian)", "/usr/bin/python3");
        ExternalTool.RequireThat(Python.Has(python, "import numpy"), "python3 with numpy");
        string data = IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 300, test: 120);
        var run = new RunDirectory(_temp.File("run"));
        TrainingJob.Run(
            new TrainingJobRequest
            {
                Overrides = TrainingOverrides
                    .None.With(TrainingSettingCatalog.Hidden, [40, 30])
                    .With(TrainingSettingCatalog.Density, 0.08)
                    .With(TrainingSettingCatalog.Epochs, 5)
                    .With(TrainingSettingCatalog.BatchSize, 25)
                    .With(TrainingSettingCatalog.Seed, 9UL)
                    .With(TrainingSettingCatalog.Method, "rlr"),
                OutDirectory = run.Path,
                Device = "cpu",
                DataDirectory = data,
                AllowDownload = false,
                SnapshotEvery = 1,
            },
            SilentReporter.Instance,
            CancellationToken.None
        );
        AnalysisResult analysis = AnalysisJob.Run(
            new AnalysisRequest
            {
                Runs = [run.Path],
                OutDirectory = _temp.File("analysis"),
                Activity = true,
                DataDirectory = data,
                AllowDownload = false,
            }
        );
        Network model = CheckpointFile.Read(run.Model).State.Network;
        ModelExport.Write(model, "npz", _temp.File("model.npz"));

        string output = Python.Run(
            python,
            Path.Combine(Repository.Root, "tests", "SparseGpu.Tests", "Analysis", "check_structure_measures.py"),
            _temp.File("model.npz"),
            Path.Combine(data, "mnist", "t10k-images-idx3-ubyte"),
            Path.Combine(run.Path, "snapshots")
        );
        using JsonDocument expected = JsonDocument.Parse(output);

        var structure = ReadCsv(_temp.File("analysis", "structure.csv"));
        JsonElement[] layers = expected.RootElement.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(layers.Length, structure.Count);
        for (int k = 0; k < layers.Length; k++)
            foreach (JsonProperty measure in layers[k].EnumerateObject())
                Close(measure.Value.GetDouble(), structure[k][measure.Name], $"layer {k + 1} {measure.Name}");
        // The synthetic images light few pixels, so some units never fire: the count is not trivially zero.
        Assert.Contains(structure, row => double.Parse(row["functionally_dead"], CultureInfo.InvariantCulture) > 0);

        var evolution = ReadCsv(_temp.File("analysis", "evolution.csv"));
        var ages = ReadCsv(_temp.File("analysis", "link-age.csv"));
        JsonElement[] steps = expected.RootElement.GetProperty("evolution").EnumerateArray().ToArray();
        Assert.Equal(steps.Length, evolution.Count);
        foreach (JsonElement step in steps)
        {
            string epoch = step.GetProperty("epoch").GetInt32().ToString(CultureInfo.InvariantCulture),
                layer = step.GetProperty("layer").GetInt32().ToString(CultureInfo.InvariantCulture);
            var row = evolution.Single(r => r["epoch"] == epoch && r["layer"] == layer);
            foreach (JsonProperty measure in step.EnumerateObject().Where(p => p.Name is not ("epoch" or "layer")))
            {
                if (measure.Name == "ages")
                {
                    var counted = ages.Where(r => r["epoch"] == epoch && r["layer"] == layer)
                        .ToDictionary(r => r["age"], r => r["links"]);
                    var recomputed = measure
                        .Value.EnumerateObject()
                        .ToDictionary(p => p.Name, p => p.Value.GetInt32().ToString(CultureInfo.InvariantCulture));
                    Assert.Equal(recomputed, counted);
                }
                else if (measure.Value.ValueKind == JsonValueKind.Null)
                    Assert.True(row[measure.Name] == "", $"epoch {epoch} layer {layer} {measure.Name}: expected blank");
                else
                    Close(measure.Value.GetDouble(), row[measure.Name], $"epoch {epoch} layer {layer} {measure.Name}");
            }
        }
        // RLR removes the weakest links, and those grown at zero weight by the previous update are among them.
        Assert.Contains(evolution, r => r["removed_grown_previous_fraction"] is not ("" or "0"));
    }

    private static void Close(double expected, string actual, string what)
    {
        double value = double.Parse(actual, CultureInfo.InvariantCulture);
        Assert.True(
            Math.Abs(value - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
            $"{what}: numpy {expected:R}, analyze {value:R}"
        );
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        List<string> header = CsvText.Split(lines[0]);
        return lines
            .Skip(1)
            .Select(line => CsvText.Split(line).Select((cell, i) => (header[i], cell)).ToDictionary())
            .ToList();
    }
}
