using SparseGpu.Data;
using SparseGpu.Engines;
using SparseGpu.Engines.Cpu;
using SparseGpu.Model;
using SparseGpu.Robustness;
using SparseGpu.Runs;

namespace SparseGpu.Tests.Robustness;

/// <summary>
/// The contract every registered perturbation keeps, run over <see cref="Perturbations.All"/>: a new perturbation
/// is held to it by being registered. The trained model is never modified, level 0 is the identity, the same seed
/// reproduces the same damage, and a network perturbation's damage at a level contains its damage at any smaller one.
/// Network perturbations are run as the job runs them, through <see cref="Perturbation.Evaluate"/>.
/// </summary>
public sealed class PerturbationContractTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static readonly double[] Levels = [0, 0.1, 0.3, 0.6, 0.9];

    public static TheoryData<string> Registered() => new(Perturbations.Names);

    public static TheoryData<string> RegisteredOnTheNetwork() =>
        new(Perturbations.All.Where(p => p.Kind != LevelKind.Epsilon).Select(p => p.Name));

    public static TheoryData<string> RegisteredOnTheInputs() =>
        new(Perturbations.All.Where(p => p.Kind == LevelKind.Epsilon).Select(p => p.Name));

    private Network Trained => CheckpointFile.Read(fixture.Model).State.Network;

    private ImageSet Test =>
        new DatasetProvider(fixture.DataDirectory, downloader: null, _ => { }).Load("mnist", false).Test;

    [Theory]
    [MemberData(nameof(Registered))]
    public void Every_perturbation_says_what_its_levels_mean(string name)
    {
        Perturbation p = Perturbations.Get(name);
        Assert.False(string.IsNullOrWhiteSpace(p.Title));
        Assert.False(string.IsNullOrWhiteSpace(p.LevelLabel));
        Assert.True(p.MaxLevel > 0);
        Assert.Equal(p is InputPerturbation, p.Kind == LevelKind.Epsilon);
        Assert.InRange(p.StreamId, 0, PerturbationStream.MaxPerturbations - 1);
        Assert.Same(p, Perturbations.Get(name.ToUpperInvariant()));
    }

    [Fact]
    public void Perturbations_draw_from_streams_of_their_own_and_have_names_of_their_own()
    {
        int[] ids = Perturbations.All.Select(p => p.StreamId).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(Perturbations.Names.Count, Perturbations.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [MemberData(nameof(RegisteredOnTheNetwork))]
    public void A_network_perturbation_leaves_the_trained_network_as_it_was(string name)
    {
        Network trained = Trained,
            pristine = Trained;
        DamageRecorder.Networks(Perturbations.Get(name), trained, Levels, 1, 0, new(PerturbationScope.All));
        AssertSame(pristine, trained);
    }

    [Theory]
    [MemberData(nameof(RegisteredOnTheNetwork))]
    public void Level_zero_of_a_network_perturbation_is_the_identity(string name)
    {
        Network trained = Trained;
        Network zero = DamageRecorder.Networks(
            Perturbations.Get(name),
            trained,
            [0, 0.5],
            4,
            2,
            new(PerturbationScope.All)
        )[0];
        Assert.NotSame(trained, zero);
        AssertSame(trained, zero);
    }

    [Theory]
    [MemberData(nameof(RegisteredOnTheNetwork))]
    public void A_seed_reproduces_a_network_perturbation_and_another_seed_changes_a_stochastic_one(string name)
    {
        Network trained = Trained;
        Perturbation p = Perturbations.Get(name);
        Network Damaged(ulong seed, int repeat) => DamageRecorder.Networks(p, trained, Levels, seed, repeat)[3];
        AssertSame(Damaged(7, 1), Damaged(7, 1));
        if (p.Stochastic)
        {
            Assert.NotEqual(Damaged(7, 1).Layers[0].Weights, Damaged(8, 1).Layers[0].Weights);
            Assert.NotEqual(Damaged(7, 1).Layers[0].Weights, Damaged(7, 2).Layers[0].Weights);
        }
    }

    [Theory]
    [MemberData(nameof(RegisteredOnTheNetwork))]
    public void The_damage_of_a_network_perturbation_grows_with_its_level_by_nesting(string name)
    {
        Network trained = Trained;
        List<Network> networks = DamageRecorder.Networks(Perturbations.Get(name), trained, Levels, 3, 0);
        HashSet<long>[] previous = trained.Layers.Select(_ => new HashSet<long>()).ToArray();
        for (int i = 0; i < Levels.Length; i++)
        {
            Network damaged = networks[i];
            for (int k = 0; k < trained.Layers.Count; k++)
            {
                HashSet<long> touched = Touched(trained.Layers[k], damaged.Layers[k]);
                // A shuffled link can draw its own weight back (a fixed point of the permutation): allow a few.
                int missing = previous[k].Count(key => !touched.Contains(key));
                if (missing > Math.Max(2, previous[k].Count / 50))
                    Assert.Fail(
                        $"{name} layer {k + 1}: {missing} of {previous[k].Count} links damaged at a smaller level "
                            + $"are intact at {Levels[i]}"
                    );
                previous[k] = touched;
            }
        }
        Assert.True(previous[0].Count > 0, $"{name} did no damage at level {Levels[^1]}");
    }

    [Theory]
    [MemberData(nameof(RegisteredOnTheInputs))]
    public void An_input_perturbation_is_reproducible_leaves_model_and_data_alone_and_is_the_identity_at_level_zero(
        string name
    )
    {
        var p = (InputPerturbation)Perturbations.Get(name);
        Network trained = Trained,
            pristine = Trained;
        ImageSet test = Test;
        byte[] pixels = (byte[])test.Pixels.Clone();
        using var engine = new CpuEngine(threads: 1);
        engine.LoadNetwork(trained);
        EvaluationResult clean = engine.Evaluate(test);
        EvaluationResult[] first = engine.EvaluateUnderAttack(test, p.Attack([0.0, 0.05, 0.2]));
        EvaluationResult[] second = engine.EvaluateUnderAttack(test, p.Attack([0.0, 0.05, 0.2]));
        Assert.Equal(first, second);
        Assert.Equal(clean, first[0]);
        Assert.True(
            first[2].Loss > clean.Loss,
            $"{name} at level 0.2 did not raise the loss ({first[2].Loss} vs {clean.Loss})"
        );
        engine.StoreNetwork(trained);
        AssertSame(pristine, trained);
        Assert.Equal(pixels, test.Pixels);
    }

    /// <summary>Keys of the links removed or reweighted.</summary>
    private static HashSet<long> Touched(Layer trained, Layer damaged)
    {
        var touched = new HashSet<long>();
        for (int link = 0; link < trained.LinkCount; link++)
        {
            long key = trained.Topology.KeyOf(link);
            var (input, output) = trained.Topology.LinkOfKey(key);
            int kept = damaged.Topology.FindLink(input, output);
            if (kept < 0 || damaged.Weights[kept] != trained.Weights[link])
                touched.Add(key);
        }
        return touched;
    }

    private static void AssertSame(Network expected, Network actual)
    {
        Assert.Equal(expected.Layers.Count, actual.Layers.Count);
        for (int k = 0; k < expected.Layers.Count; k++)
        {
            Assert.Equal(expected.Layers[k].Topology.Keys(), actual.Layers[k].Topology.Keys());
            Assert.Equal(expected.Layers[k].Weights, actual.Layers[k].Weights);
            Assert.Equal(expected.Layers[k].Bias, actual.Layers[k].Bias);
        }
    }
}
