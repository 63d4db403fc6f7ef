using SparseGpu.Robustness;
using SparseGpu.Sweeps;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Sweeps;

/// <summary>JSON null and empty lists in a spec: one-line errors, never a default silently taken instead.</summary>
public sealed class SweepSpecNullTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Base = """ "datasets": ["mnist"], "methods": ["rlr"], "seeds": [1] """;

    [Theory]
    [InlineData("""{"datasets": null, "methods": ["rlr"], "seeds": [1]}""", "'datasets' must be a list, not null")]
    [InlineData("""{"datasets": ["mnist"], "methods": null, "seeds": [1]}""", "'methods' must be a list, not null")]
    [InlineData("""{"datasets": ["mnist"], "methods": ["rlr"], "seeds": null}""", "'seeds' must be a list, not null")]
    [InlineData("""{"datasets": [null], "methods": ["rlr"], "seeds": [1]}""", "'datasets' has a null or empty entry")]
    [InlineData("""{"datasets": ["mnist"], "methods": [null], "seeds": [1]}""", "'methods' has a null or empty entry")]
    [InlineData("{" + Base + """, "name": null}""", "'name' must be a string, not null")]
    [InlineData("{" + Base + """, "device": null}""", "'device' must be a string, not null")]
    [InlineData("{" + Base + """, "training": null}""", "'training' must be an object, not null")]
    [InlineData("{" + Base + """, "robustness": {"scope": null}}""", "'robustness.scope' must be a string, not null")]
    [InlineData("{" + Base + """, "robustness": {"levels": null}}""", "'robustness.levels' must be a string, not null")]
    [InlineData(
        "{" + Base + """, "robustness": {"epsilons": null}}""",
        "'robustness.epsilons' must be a string, not null"
    )]
    [InlineData(
        "{" + Base + """, "robustness": {"perturbations": []}}""",
        "'robustness.perturbations' lists no perturbation (leave it out to run the default set: {default})"
    )]
    [InlineData(
        "{" + Base + """, "robustness": {"perturbations": [null]}}""",
        "'robustness.perturbations' has a null or empty entry"
    )]
    [InlineData(
        "{" + Base + """, "robustness": {"perturbations": ["random", ""]}}""",
        "'robustness.perturbations' has a null or empty entry"
    )]
    public void Nulls_and_empty_lists_are_one_line_errors_naming_the_field(string json, string message)
    {
        string path = _temp.File($"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        message = message.Replace("{default}", string.Join(", ", Perturbations.DefaultNames));
        Assert.Equal($"{path}: {message}", Assert.Throws<SparseGpuException>(() => SweepSpec.Read(path)).Message);
    }

    [Fact]
    public void A_null_robustness_section_still_means_train_only()
    {
        string path = _temp.File("train-only.json");
        File.WriteAllText(path, "{" + Base + """, "robustness": null}""");
        Assert.Null(SweepSpec.Read(path).Robustness);
    }
}
