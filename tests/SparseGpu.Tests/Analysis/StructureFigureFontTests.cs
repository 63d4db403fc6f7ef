using System.Text.RegularExpressions;
using SparseGpu.Cli;
using SparseGpu.Plotting;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Robustness;

namespace SparseGpu.Tests.Analysis;

/// <summary>The structure figures set their text in the figure font, like every other figure.</summary>
public sealed class StructureFigureFontTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Every_structure_figure_uses_only_the_figure_font()
    {
        string output = fixture.Scratch("analysis-fonts");
        CliRunner.Result result = CliRunner.Run("analyze", "--model", fixture.Model, "--out", output, "--svg");
        Assert.Equal(CliApp.Success, result.ExitCode);
        string[] svgs = Directory.GetFiles(output, "*.svg");
        Assert.NotEmpty(svgs);
        foreach (string svg in svgs)
        {
            var families = Regex
                .Matches(File.ReadAllText(svg), "font-family=\"([^\"]*)\"")
                .Select(m => m.Groups[1].Value)
                .Distinct()
                .ToList();
            Assert.True(
                families.SequenceEqual([FigureFont.Family]),
                $"{Path.GetFileName(svg)}: {string.Join(", ", families)}"
            );
        }
    }
}
