using System.Globalization;
using System.Text.Json;
using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cli;

/// <summary>`evaluate --per-class` and `--out`: per-class scores, the confusion matrix, its files and figure.</summary>
public sealed class EvaluatePerClassTests : IDisposable
{
    private const int TestImages = 60;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string TrainedModel(string dataset = "mnist")
    {
        if (dataset == "mnist")
            IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 160, test: TestImages);
        else
            WriteSyntheticLetters(_temp.File("data"));
        CliRunner.Result train = CliRunner.Run(
            "train",
            "--dataset",
            dataset,
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--out",
            _temp.File("run"),
            "--hidden",
            "60,40",
            "--density",
            "0.1",
            "--epochs",
            "1",
            "--device",
            "cpu"
        );
        Assert.Equal(CliApp.Success, train.ExitCode);
        return new RunDirectory(_temp.File("run")).Model;
    }

    private CliRunner.Result Evaluate(string model, params string[] extra) =>
        CliRunner.Run([
            "evaluate",
            "--model",
            model,
            "--data-dir",
            _temp.File("data"),
            "--no-download",
            "--device",
            "cpu",
            .. extra,
        ]);

    [Fact]
    public void Out_writes_tables_figure_and_json_that_agree_with_the_evaluation()
    {
        string model = TrainedModel();
        string plainOutput = Evaluate(model, "--json").Output;
        using JsonDocument plain = JsonDocument.Parse(plainOutput);
        CliRunner.Result result = Evaluate(model, "--json", "--out", _temp.File("eval"));
        Assert.Equal(CliApp.Success, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        int correct = root.GetProperty("correct").GetInt32();
        Assert.Equal(plain.RootElement.GetProperty("correct").GetInt32(), correct);

        int[][] counts = root.GetProperty("confusion_matrix")
            .GetProperty("counts")
            .EnumerateArray()
            .Select(row => row.EnumerateArray().Select(c => c.GetInt32()).ToArray())
            .ToArray();
        Assert.Equal(10, counts.Length);
        Assert.Equal(TestImages, counts.Sum(row => row.Sum()));
        Assert.Equal(correct, Enumerable.Range(0, 10).Sum(c => counts[c][c]));

        JsonElement[] perClass = root.GetProperty("per_class").EnumerateArray().ToArray();
        Assert.Equal(
            Enumerable.Range(0, 10).Select(c => counts[c].Sum()),
            perClass.Select(c => c.GetProperty("support").GetInt32())
        );
        Assert.Equal(
            Enumerable.Range(0, 10).Select(c => counts[c][c]),
            perClass.Select(c => c.GetProperty("correct").GetInt32())
        );
        Assert.Equal(
            Enumerable.Range(0, 10).Select(p => counts.Sum(row => row[p])),
            perClass.Select(c => c.GetProperty("predicted").GetInt32())
        );

        Assert.Equal(result.Output, File.ReadAllText(_temp.File("eval", "evaluation.json")));
        string[] confusion = File.ReadAllLines(_temp.File("eval", "confusion.csv"));
        Assert.Equal("true_class,0,1,2,3,4,5,6,7,8,9", confusion[0]);
        for (int a = 0; a < 10; a++)
            Assert.Equal($"{a}," + string.Join(",", counts[a]), confusion[a + 1]);
        string[] perClassCsv = File.ReadAllLines(_temp.File("eval", "per-class.csv"));
        Assert.Equal("class,name,support,correct,recall,predicted,precision", perClassCsv[0]);
        Assert.Equal(11, perClassCsv.Length);
        string[] first = perClassCsv[1].Split(',');
        Assert.Equal(counts[0].Sum(), int.Parse(first[2], CultureInfo.InvariantCulture));
        Assert.True(new FileInfo(_temp.File("eval", "confusion-matrix.png")).Length > 1000);
    }

    [Fact]
    public void Plain_json_keeps_its_keys_and_per_class_adds_two()
    {
        string model = TrainedModel();
        string[] plainKeys = Keys(Evaluate(model, "--json").Output);
        Assert.Equal(
            [
                "model",
                "dataset",
                "data_source",
                "device",
                "epochs",
                "mid_epoch",
                "test_loss",
                "test_accuracy",
                "correct",
                "images",
            ],
            plainKeys
        );
        Assert.Equal(
            [.. plainKeys, "per_class", "confusion_matrix"],
            Keys(Evaluate(model, "--json", "--per-class").Output)
        );
    }

    [Fact]
    public void Per_class_prints_one_line_per_class_after_the_summary()
    {
        string model = TrainedModel();
        CliRunner.Result result = Evaluate(model, "--per-class");
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("test loss ", lines[0]);
        Assert.StartsWith("class ", lines[1]);
        Assert.Equal(12, lines.Length);
        Assert.False(Directory.Exists(_temp.File("eval")));
    }

    [Fact]
    public void Out_refuses_a_folder_holding_other_files_and_replaces_its_own()
    {
        string model = TrainedModel();
        string run = _temp.File("run");
        string[] before = Directory.GetFiles(run);
        CliRunner.Result refused = Evaluate(model, "--out", run);
        Assert.Equal(CliApp.Failure, refused.ExitCode);
        Assert.EndsWith(
            "holds files but no evaluation.json of an earlier evaluate; give a new or empty directory",
            Assert.Single(refused.ErrorLines)
        );
        Assert.Equal(before, Directory.GetFiles(run));

        Assert.Equal(CliApp.Success, Evaluate(model, "--out", _temp.File("eval"), "--no-plots").ExitCode);
        Assert.False(File.Exists(_temp.File("eval", "confusion-matrix.png")));
        Assert.Equal(CliApp.Success, Evaluate(model, "--out", _temp.File("eval")).ExitCode);
        Assert.True(File.Exists(_temp.File("eval", "confusion-matrix.png")));

        File.WriteAllText(_temp.File("a-file"), "mine");
        Assert.Equal(CliApp.Failure, Evaluate(model, "--out", _temp.File("a-file")).ExitCode);
        Assert.Equal("mine", File.ReadAllText(_temp.File("a-file")));
    }

    [Fact]
    public void Emnist_letters_classes_are_named_a_to_z()
    {
        string model = TrainedModel("emnist-letters");
        CliRunner.Result result = Evaluate(model, "--json", "--out", _temp.File("eval"));
        Assert.Equal(CliApp.Success, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        string[] names = json
            .RootElement.GetProperty("per_class")
            .EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()!)
            .ToArray();
        Assert.Equal(Enumerable.Range('a', 26).Select(c => ((char)c).ToString()), names);
        Assert.StartsWith("true_class,a,b,c,", File.ReadAllLines(_temp.File("eval", "confusion.csv"))[0]);
    }

    private static string[] Keys(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
    }

    /// <summary>A tiny EMNIST Letters: labels 1–26 as the release stores them, a bright band per class.</summary>
    private static void WriteSyntheticLetters(string dataDirectory)
    {
        string dir = Path.Combine(dataDirectory, "emnist-letters");
        Directory.CreateDirectory(dir);
        var rng = new Rng(9);
        foreach (var (kind, count) in new[] { ("train", 260), ("test", 104) })
        {
            byte[] labels = Enumerable.Range(0, count).Select(i => (byte)(1 + i % 26)).ToArray();
            File.WriteAllBytes(
                Path.Combine(dir, $"emnist-letters-{kind}-images-idx3-ubyte"),
                IdxFiles.Images(count, 28, 28, (n, p) => (byte)((p / 30 == labels[n] - 1 ? 200 : 0) + rng.NextInt(40)))
            );
            File.WriteAllBytes(Path.Combine(dir, $"emnist-letters-{kind}-labels-idx1-ubyte"), IdxFiles.Labels(labels));
        }
    }
}
