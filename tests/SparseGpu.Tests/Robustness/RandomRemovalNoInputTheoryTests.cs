using SparseGpu.Analysis;
using SparseGpu.Model;
using SparseGpu.Robustness;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// Issue 27 §2: on a random bipartite layer of mean in-degree k, random removal of a fraction f of the links leaves
/// each neuron's in-degree approximately Poisson with mean k(1−f), so the fraction of neurons left without inputs is
/// e^(−k(1−f)). The layer is the program's own (NetworkFactory: exactly L links, distinct, uniform), the removal its
/// `random` perturbation, the count robustness.csv's no_input_fraction.
/// </summary>
public sealed class RandomRemovalNoInputTheoryTests
{
    private const int Inputs = 2000;
    private const int Neurons = 20000;

    [Fact]
    public void The_fraction_of_neurons_without_inputs_after_random_removal_is_exp_minus_k_times_one_minus_f()
    {
        const double k = 3;
        Network network = NetworkFactory.Create(new NetworkShape(Inputs, [Neurons], 10, k / Inputs), seed: 4);
        double meanInDegree = (double)network.Layers[0].LinkCount / Neurons;
        Assert.Equal(k, meanInDegree, 1e-3);
        double[] levels = [0, 0.25, 0.5, 0.75, 0.9];
        var plan = new PerturbationPlan(network, Perturbations.Get("random"), PerturbationScope.Sparse, 7, 0);
        for (int i = 0; i < levels.Length; i++)
        {
            double f = levels[i];
            double measured = NetworkConnectivity.Of(plan.Apply(i, f)).HiddenWithoutInputsFraction;
            double expected = Math.Exp(-meanInDegree * (1 - f));

            // Sampling: 4 binomial standard deviations of a fraction of n = 20000 neurons (the fixed total of links
            // makes the neurons' counts slightly anti-correlated, so the binomial spread is an upper bound). Model:
            // the remaining links are a uniform subset of the Inputs × n pairs, so a neuron keeps none with
            // probability Π_j (1 − Inputs/(Inputs·n − j)) ≈ (1 − λ/Inputs)^Inputs, below e^(−λ) by a relative
            // λ²/(2·Inputs) to first order, λ = k(1−f) ≤ 3: allowed twice that.
            double lambda = meanInDegree * (1 - f);
            double sigma = Math.Sqrt(expected * (1 - expected) / Neurons);
            double tolerance = 4 * sigma + expected * lambda * lambda / Inputs;
            Assert.True(
                Math.Abs(measured - expected) <= tolerance,
                $"f = {f}: {measured:F5} of the neurons have no input, e^(-k(1-f)) = {expected:F5} ± {tolerance:F5}"
            );
        }
    }
}
