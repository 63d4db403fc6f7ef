using SparseGpu.Kernels;

namespace SparseGpu.Tests.Kernels;

/// <summary>
/// <see cref="SgdFormula"/>'s order of operations, the bit-identity contract every trained model depends on: on
/// inputs where every plausible rewrite rounds differently, the step equals the documented sequence bit for bit.
/// </summary>
public sealed class SgdFormulaTests
{
    // The defaults of train (learning rate 0.025, momentum 0.9, weight decay 5e-4) and a weight, velocity and
    // gradient chosen so that each rewrite below gives another float.
    private static readonly SgdParameters Sgd = new(0.025f, 0.9f, 5e-4f);
    private const float Weight = -0.06520958244800568f;
    private const float Velocity = -0.5407969951629639f;
    private const float Gradient = -0.5304425358772278f;

    [Fact]
    public void The_step_is_the_documented_sequence_bit_for_bit()
    {
        (float weight, float velocity) = Step();
        (float expectedWeight, float expectedVelocity) = Documented();
        Assert.Equal(Bits(expectedVelocity), Bits(velocity));
        Assert.Equal(Bits(expectedWeight), Bits(weight));
        // The same values written down, so a change of the documented sequence itself shows too.
        Assert.Equal(Bits(-1.0171924829483032f), Bits(velocity));
        Assert.Equal(Bits(-0.03977976739406586f), Bits(weight));
    }

    [Fact]
    public void Every_rewrite_of_the_order_changes_the_result_on_these_inputs()
    {
        (float w, float v) expected = Documented();
        float mv = Sgd.Momentum * Velocity,
            decay = Sgd.WeightDecay * Weight;
        float gradientFirst = mv + (Gradient + decay);
        float decayFirst = (decay + mv) + Gradient;
        float fusedMomentum = MathF.FusedMultiplyAdd(Sgd.Momentum, Velocity, Gradient + decay);
        float v = (mv + Gradient) + decay;
        var rewrites = new (float w, float v)[]
        {
            (Weight - Sgd.LearningRate * gradientFirst, gradientFirst),
            (Weight - Sgd.LearningRate * decayFirst, decayFirst),
            (Weight - Sgd.LearningRate * fusedMomentum, fusedMomentum),
            (MathF.FusedMultiplyAdd(-Sgd.LearningRate, v, Weight), v),
            (Weight - Sgd.LearningRate * Velocity, v),
        };
        foreach ((float w, float v) rewrite in rewrites)
            Assert.NotEqual(expected, rewrite);
    }

    private static (float Weight, float Velocity) Step()
    {
        float weight = Weight,
            velocity = Velocity;
        SgdFormula.Step(ref weight, ref velocity, Gradient, Sgd);
        return (weight, velocity);
    }

    /// <summary>The remarks of <see cref="SgdFormula"/>, one rounded operation per line.</summary>
    private static (float Weight, float Velocity) Documented()
    {
        float momentumTerm = Sgd.Momentum * Velocity;
        float withGradient = momentumTerm + Gradient;
        float decayTerm = Sgd.WeightDecay * Weight;
        float velocity = withGradient + decayTerm;
        float stepTerm = Sgd.LearningRate * velocity;
        float weight = Weight - stepTerm;
        return (weight, velocity);
    }

    private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
}
