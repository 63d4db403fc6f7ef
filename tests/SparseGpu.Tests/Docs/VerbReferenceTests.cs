using SparseGpu.Cli.Arguments;
using SparseGpu.Tests.Cli;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Docs;

/// <summary>The committed verb reference is what the program's option metadata renders today.</summary>
public sealed class VerbReferenceTests
{
    [Fact]
    public void The_committed_verb_reference_is_up_to_date()
    {
        string committed = File.ReadAllText(Documentation.PathOf("src/SparseGpu.Cli/REFERENCE.md"))
            .Replace("\r\n", "\n");
        Assert.True(
            committed == VerbReference.Markdown(),
            "src/SparseGpu.Cli/REFERENCE.md differs from the option metadata; regenerate it from the repository "
                + $"root with: {VerbReference.RegenerateCommand}"
        );
    }

    [Fact]
    public void Help_markdown_prints_the_reference_with_every_verb_and_option()
    {
        CliRunner.Result result = CliRunner.Run("help", "--markdown");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(VerbReference.Markdown(), result.Output.Replace("\r\n", "\n"));
        foreach (VerbSpec verb in VerbCatalog.All)
        {
            Assert.Contains($"\n## {verb.Name}\n", result.Output);
            foreach (OptionSpec option in verb.Options)
            {
                // A table cell escapes the pipe of a placeholder such as NAME|PATH.
                Assert.Contains($"| `{option.Usage.Replace("|", "\\|")}` |", result.Output);
            }
        }
    }
}
