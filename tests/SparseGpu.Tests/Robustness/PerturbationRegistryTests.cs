using SparseGpu.Cli;
using SparseGpu.Robustness;
using SparseGpu.Tests.Cli;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// The registry is the one list of perturbations: names are unique, every one declares what its level means, and
/// help and the option reference list exactly the registered ones (and the declared default set), so adding a
/// perturbation can never leave a stale count or list in the text.
/// </summary>
public sealed class PerturbationRegistryTests
{
    [Fact]
    public void Every_registered_perturbation_has_a_unique_name_and_a_declared_level_kind()
    {
        Assert.Equal(
            Perturbations.All.Count,
            Perturbations.All.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count()
        );
        Assert.All(
            Perturbations.All,
            p =>
            {
                Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", p.Name); // a name fits a comma list and a CSV cell
                Assert.True(Enum.IsDefined(p.Kind), $"{p.Name}: level kind {p.Kind}");
                Assert.Equal(p.Kind == LevelKind.Epsilon ? "epsilons" : "levels", p.Kind.GridOption());
            }
        );
        Assert.All(Perturbations.Default, p => Assert.Contains(p, Perturbations.All));
        Assert.Equal(Perturbations.Default, Perturbations.Parse(null));
    }

    [Fact]
    public void Each_neuron_attack_is_registered_in_both_forms_with_a_neuron_level()
    {
        var attacks = Perturbations.All.OfType<NeuronRemoval>().ToList();
        Assert.Equal(9, attacks.Count); // random, and four criteria each static and adaptive
        Assert.All(attacks, a => Assert.Equal(LevelKind.NeuronFraction, a.Kind));
        Assert.Equal(
            Enum.GetValues<NeuronCriterion>().Where(c => c != NeuronCriterion.Random).Order(),
            attacks.Where(a => a.Adaptive).Select(a => a.Criterion).Order()
        );
        string[] criteria = ["in-degree", "out-degree", "strength", "paths"];
        string[] expected =
        [
            "neuron-random",
            .. criteria.Select(c => $"neuron-{c}"),
            .. criteria.Select(c => $"neuron-{c}-adaptive"),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), attacks.Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Help_and_the_option_reference_name_every_registered_perturbation_and_the_default_set()
    {
        CliRunner.Result help = CliRunner.Run("robustness", "--help");
        string text = string.Join(
            " ",
            (help.Output + help.Error).Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)
        );
        Assert.Contains($"Comma list of {string.Join(", ", Perturbations.Names)}.", text);
        Assert.Contains($"the default set: {string.Join(", ", Perturbations.DefaultNames)}", text);
        string reference = string.Join(
            " ",
            File.ReadAllText(Path.Combine(Support.Repository.Root, "src/SparseGpu.Cli/REFERENCE.md"))
                .Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)
        );
        Assert.All(Perturbations.Names, name => Assert.Contains(name, reference));
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_registered_names()
    {
        CliRunner.Result result = CliRunner.Run(
            "robustness",
            "--model",
            "m.ckpt",
            "--perturbations",
            "random,neuron-x"
        );
        Assert.Equal(CliApp.UsageError, result.ExitCode);
        Assert.Equal(
            $"error: unknown perturbation 'neuron-x'; valid: {string.Join(", ", Perturbations.Names)}; "
                + "see sparsegpu robustness --help",
            Assert.Single(result.ErrorLines)
        );
    }
}
