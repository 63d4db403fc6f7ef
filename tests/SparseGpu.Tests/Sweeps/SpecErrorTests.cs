using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>A spec value of the wrong kind is named by its property and the kind it takes, never by a .NET
/// type.</summary>
public sealed class SpecErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"epochs": "ten"}}""",
        "'training.epochs' must be an integer"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"density": "low"}}""",
        "'training.density' must be a number or a list of numbers (one per sparse layer)"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [-1]}""",
        "'seeds[0]' must be a non-negative integer"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": {"repeats": 1.5}}""",
        "'robustness.repeats' must be an integer"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": []}""",
        "'robustness' must be an object"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"epoch": 3}}""",
        "unknown property 'epoch' in 'training' (did you mean epochs?)"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustnes": {}}""",
        "unknown property 'robustnes' (did you mean robustness?)"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": {"repeat": 2}}""",
        "unknown property 'repeat' in 'robustness' (did you mean repeats?)"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"colour": 3}}""",
        "unknown property 'colour' in 'training'"
    )]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "training": {"epochs": 2, "epochs": 3}}""",
        "training.epochs is given twice"
    )]
    [InlineData("""{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "seeds": [2]}""", "seeds is given twice")]
    [InlineData(
        """{"datasets": ["mnist"], "methods": ["rlr"], "seeds": [1], "robustness": {"repeats": 2, "repeats": 3}}""",
        "robustness.repeats is given twice"
    )]
    [InlineData("""[1]""", "the spec must be an object")]
    public void Wrong_kinds_of_values_are_named_in_the_specs_words(string json, string message)
    {
        string path = _temp.File("spec.json");
        File.WriteAllText(path, json);
        string error = Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message;
        Assert.Equal($"{path}:1: {message}", error);
        Assert.DoesNotContain("System.", error);
    }
}
