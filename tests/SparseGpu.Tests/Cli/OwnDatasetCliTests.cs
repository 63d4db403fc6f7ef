using System.Text.Json;
using SparseGpu.Cli;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cli;

/// <summary>`--dataset PATH`: own data trains, is recorded, and is the only data its model is measured on.</summary>
public sealed class OwnDatasetCliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private CliRunner.Result Train(string dataset, string device, string run, params string[] extra) =>
        CliRunner.Run([
            "train",
            "--dataset",
            dataset,
            "--no-download",
            "--out",
            _temp.File(run),
            "--hidden",
            "40,30",
            "--density",
            "0.2",
            "--batch-size",
            "10",
            "--epochs",
            "4",
            "--device",
            device,
            "--threads",
            "1",
            .. extra,
        ]);

    private static CliRunner.Result Evaluate(string model, params string[] extra) =>
        CliRunner.Run(["evaluate", "--model", model, "--no-download", "--device", "cpu", "--json", .. extra]);

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void A_folder_of_10x12_idx_images_of_3_classes_trains_end_to_end_and_evaluates(string device)
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("digits"));
        CliRunner.Result train = Train(folder, device, "run");
        Assert.True(train.ExitCode == CliApp.Success, train.Error);
        var run = new RunDirectory(_temp.File("run"));
        Checkpoint checkpoint = CheckpointFile.Read(run.Model);
        Assert.Equal((120, 3), (checkpoint.Inputs, checkpoint.Classes));
        Assert.Equal(folder, checkpoint.Settings.Dataset);
        string sha = SparseGpu.Data.OwnDataset.Load(folder).Sha256!;
        Assert.Equal(sha, checkpoint.Settings.DatasetSha256);
        using (JsonDocument config = JsonDocument.Parse(File.ReadAllText(run.Config)))
        {
            JsonElement settings = config.RootElement.GetProperty("settings");
            Assert.Equal(folder, settings.GetProperty("dataset").GetString());
            Assert.Equal(sha, settings.GetProperty("dataset_sha256").GetString());
        }

        CliRunner.Result evaluate = Evaluate(run.Model);
        Assert.True(evaluate.ExitCode == CliApp.Success, evaluate.Error);
        using JsonDocument json = JsonDocument.Parse(evaluate.Output);
        // Three well-separated classes: far above chance (1/3) after four epochs.
        Assert.True(json.RootElement.GetProperty("test_accuracy").GetDouble() > 0.8, evaluate.Output);
        Assert.Equal(60, json.RootElement.GetProperty("images").GetInt32());
        // Figures and tables name own data by its folder's name, not by its full path.
        Assert.Equal("digits", RunHistory.Read(run.Path).Dataset);
    }

    [Fact]
    public void The_identity_is_the_content_so_a_moved_copy_evaluates_and_changed_or_other_data_is_refused()
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("digits"));
        Assert.Equal(CliApp.Success, Train(folder, "cpu", "run").ExitCode);
        string model = new RunDirectory(_temp.File("run")).Model;

        // The same images and labels as an .npz elsewhere: the same data.
        string npz = OwnDataFiles.WriteNpz(_temp.File("moved.npz"), asFloat: true);
        Assert.Equal(CliApp.Success, Evaluate(model, "--dataset", npz).ExitCode);

        string changed = OwnDataFiles.WriteNpz(_temp.File("fewer.npz"), asFloat: false, test: 59);
        CliRunner.Result refused = Evaluate(model, "--dataset", changed);
        Assert.NotEqual(CliApp.Success, refused.ExitCode);
        Assert.Contains("the model was trained on own data with SHA-256 ", refused.Error);
        Assert.Single(refused.ErrorLines);

        CliRunner.Result mnist = Evaluate(model, "--dataset", "mnist");
        Assert.Contains($"{model}: the model was trained on {folder}, not mnist", mnist.Error);
    }

    [Fact]
    public void Robustness_follows_the_same_rule_on_own_data()
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("digits"));
        Assert.Equal(CliApp.Success, Train(folder, "cpu", "run").ExitCode);
        string model = new RunDirectory(_temp.File("run")).Model;
        CliRunner.Result Robustness(string dataset, string output) =>
            CliRunner.Run([
                "robustness",
                "--model",
                model,
                "--dataset",
                dataset,
                "--perturbations",
                "random",
                "--levels",
                "0,0.5",
                "--repeats",
                "1",
                "--device",
                "cpu",
                "--no-download",
                "--no-plots",
                "--out",
                _temp.File(output),
            ]);
        CliRunner.Result moved = Robustness(OwnDataFiles.WriteNpz(_temp.File("moved.npz"), asFloat: false), "same");
        Assert.True(moved.ExitCode == CliApp.Success, moved.Error);
        // Tables name the data they ran on by its file name.
        Assert.Contains(",moved,", File.ReadAllText(_temp.File("same", "robustness.csv")));
        CliRunner.Result changed = Robustness(OwnDataFiles.WriteNpz(_temp.File("b.npz"), false, test: 59), "other");
        Assert.NotEqual(CliApp.Success, changed.ExitCode);
        Assert.Contains("the model was trained on own data with SHA-256 ", changed.Error);
    }

    [Fact]
    public void Analyze_activity_follows_the_same_rule_on_own_data()
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("digits"));
        Assert.Equal(CliApp.Success, Train(folder, "cpu", "run").ExitCode);
        string model = new RunDirectory(_temp.File("run")).Model;
        CliRunner.Result Analyze(string output) =>
            CliRunner.Run(["analyze", "--model", model, "--activity", "--no-download", "--out", _temp.File(output)]);
        CliRunner.Result same = Analyze("same");
        Assert.True(same.ExitCode == CliApp.Success, same.Error);
        OwnDataFiles.WriteIdxFolder(folder, test: 59); // the folder the model was trained on, changed since
        CliRunner.Result changed = Analyze("changed");
        Assert.Equal(CliApp.Failure, changed.ExitCode);
        string trained = CheckpointFile.Read(model).Settings.DatasetSha256![..12];
        Assert.StartsWith(
            $"error: {model}: the model was trained on own data with SHA-256 {trained}…, but ",
            Assert.Single(changed.ErrorLines)
        );
    }

    [Fact]
    public void A_resume_on_changed_data_and_a_wrong_given_hash_are_refused()
    {
        string folder = OwnDataFiles.WriteIdxFolder(_temp.File("digits"));
        CliRunner.Result wrong = Train(folder, "cpu", "pinned", "--dataset-sha256", new string('a', 64));
        Assert.NotEqual(CliApp.Success, wrong.ExitCode);
        Assert.Contains($"{folder}: its SHA-256 is ", wrong.Error);

        Assert.Equal(CliApp.Success, Train(folder, "cpu", "run").ExitCode);
        OwnDataFiles.WriteIdxFolder(folder, train: 119);
        string model = new RunDirectory(_temp.File("run")).Model;
        CliRunner.Result resume = CliRunner.Run(
            "train",
            "--resume",
            model,
            "--epochs",
            "5",
            "--no-download",
            "--device",
            "cpu"
        );
        Assert.NotEqual(CliApp.Success, resume.ExitCode);
        Assert.Contains(
            $"not the {CheckpointFile.Read(model).Settings.DatasetSha256} {model} was trained on",
            resume.Error
        );
    }

    [Fact]
    public void A_missing_path_is_one_line_and_names_the_choices()
    {
        CliRunner.Result train = Train(_temp.File("absent.npz"), "cpu", "run");
        Assert.NotEqual(CliApp.Success, train.ExitCode);
        Assert.Single(train.ErrorLines);
        Assert.Contains(
            "is neither a data set name (mnist, fashion-mnist, kmnist, emnist-letters) nor an existing "
                + "folder or .npz file",
            train.Error
        );
    }
}
