using SparseGpu.Evaluation;
using SparseGpu.Jobs;
using SparseGpu.Robustness;
using SparseGpu.Runs;

namespace SparseGpu.Tests.Robustness;

public sealed class RobustnessJobTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private RobustnessRequest Request(string output, string? perturbations = null) =>
        new()
        {
            Models = [fixture.Model],
            Perturbations = perturbations,
            Levels = "0:1:0.25",
            Epsilons = "0:0.2:0.1",
            Repeats = 2,
            Device = "cpu",
            DataDirectory = fixture.DataDirectory,
            AllowDownload = false,
            OutDirectory = fixture.Scratch(output),
        };

    private RobustnessResult Run(RobustnessRequest request) =>
        RobustnessJob.Run(request, SilentReporter.Instance, null, CancellationToken.None);

    [Fact]
    public void Level_zero_of_every_perturbation_reproduces_evaluate()
    {
        RobustnessResult result = Run(Request("level-zero"));
        EvaluationReport evaluated = EvaluationJob.Run(
            new EvaluationRequest(fixture.Model, null, "cpu", fixture.DataDirectory, false),
            SilentReporter.Instance
        );
        var atZero = result.Records.Where(r => r.Level == 0).ToList();
        Assert.Equal(Perturbations.DefaultNames.Order(), atZero.Select(r => r.Perturbation).Distinct().Order());
        Assert.All(
            atZero,
            r =>
            {
                Assert.Equal(evaluated.Result.Accuracy, r.Accuracy);
                Assert.Equal(evaluated.Result.Loss, r.Loss);
            }
        );
        // The stochastic ones repeated twice, the deterministic ones once.
        Assert.Equal(Perturbations.Default.Sum(p => p.Stochastic ? 2 : 1), atZero.Count);
    }

    [Fact]
    public void Fgsm_raises_the_loss_of_a_trained_model_and_removal_empties_it()
    {
        RobustnessResult result = Run(Request("effects"));
        var fgsm = result.Records.Where(r => r.Perturbation == "fgsm").OrderBy(r => r.Level).ToList();
        Assert.True(fgsm[1].Loss > fgsm[0].Loss, $"FGSM at 0.1 gave loss {fgsm[1].Loss}, unperturbed {fgsm[0].Loss}");
        Assert.True(fgsm[^1].Accuracy < fgsm[0].Accuracy);
        Assert.All(
            result.Records.Where(r => r.Perturbation == "random" && r.Level == 1),
            r =>
            {
                Assert.Equal(0, r.LinksRemaining);
                Assert.Equal(0, r.ActiveNeurons);
            }
        );
    }

    [Fact]
    public void The_same_seed_writes_the_same_csv_and_the_checkpoint_is_untouched()
    {
        byte[] checkpoint = File.ReadAllBytes(fixture.Model);
        RobustnessResult first = Run(Request("same-a", "random,shuffle,noise"));
        RobustnessResult second = Run(Request("same-b", "random,shuffle,noise"));
        RobustnessResult other = Run(Request("same-c", "random,shuffle,noise") with { Seed = 99 });
        Assert.Equal(File.ReadAllBytes(first.RecordsFile), File.ReadAllBytes(second.RecordsFile));
        Assert.NotEqual(File.ReadAllBytes(first.RecordsFile), File.ReadAllBytes(other.RecordsFile));
        Assert.Equal(checkpoint, File.ReadAllBytes(fixture.Model));
    }

    [Theory]
    [InlineData("shake", null, "unknown perturbation 'shake'; valid: {perturbations}")]
    [InlineData(null, "0:1.5:0.5", "--levels: level 1.5 is outside [0, 1]")]
    [InlineData(null, "", "--levels is empty; give start:stop:step or a comma list")]
    [InlineData(null, "0.5:0.2:0.1", "--levels '0.5:0.2:0.1': stop is below start")]
    [InlineData(null, "0,a", "--levels: 'a' is not a number")]
    public void Bad_perturbations_and_levels_are_one_line_errors(string? perturbations, string? levels, string message)
    {
        RobustnessRequest request = Request("bad") with
        {
            Perturbations = perturbations ?? "random",
            Levels = levels ?? "0:1:0.5",
        };
        message = message.Replace("{perturbations}", string.Join(", ", Perturbations.Names));
        Assert.Equal(message, Assert.Throws<InvalidSettingException>(() => Run(request)).Message);
    }

    [Fact]
    public void Noise_levels_may_exceed_one_but_not_go_negative()
    {
        Assert.Equal([0, 1, 2], LevelGrid.Parse("0:2:1", "levels", Perturbations.Noise.MaxLevel));
        Assert.Equal(
            "--levels: level -1 is negative",
            Assert
                .Throws<InvalidSettingException>(() => LevelGrid.Parse("-1,1", "levels", Perturbations.Noise.MaxLevel))
                .Message
        );
        Assert.Equal([0, 0.05, 0.35, 1], LevelGrid.Parse("1, 0.35, 0.05", "levels", 1));
    }

    [Fact]
    public void A_checkpoint_for_another_data_set_is_refused()
    {
        RobustnessRequest request = Request("other-data") with { Dataset = "fashion-mnist" };
        Assert.Equal(
            $"{fixture.Model}: the model was trained on mnist, not fashion-mnist",
            Assert.Throws<SparseGpuException>(() => Run(request)).Message
        );
    }

    [Fact]
    public void A_summary_row_per_model_and_perturbation_is_written()
    {
        RobustnessResult result = Run(Request("summary"));
        Assert.Equal(6, result.Summary.Count);
        string[] lines = File.ReadAllLines(result.SummaryFile);
        Assert.Equal(RobustnessCsv.SummaryHeader, lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal(result.Records.Count + 1, File.ReadAllLines(result.RecordsFile).Length);
    }
}
