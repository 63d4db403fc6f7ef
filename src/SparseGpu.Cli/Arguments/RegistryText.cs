using SparseGpu.Robustness;

namespace SparseGpu.Cli.Arguments;

/// <summary>
/// Names in help texts that come from the core's registries, written as placeholders in the [Option] attributes
/// (which only take constants), so that help, the option reference and the registry can never disagree:
/// {perturbations} (every registered perturbation) and {default-perturbations} (the declared default set).
/// </summary>
internal static class RegistryText
{
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Expand(string? text) =>
        text
            ?.Replace("{perturbations}", string.Join(", ", Perturbations.Names), StringComparison.Ordinal)
            .Replace(
                "{default-perturbations}",
                $"the default set: {string.Join(", ", Perturbations.DefaultNames)}",
                StringComparison.Ordinal
            );
}
