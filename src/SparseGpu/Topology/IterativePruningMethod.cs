namespace SparseGpu.Topology;

/// <summary>
/// `--method imp` in the registry of methods (its name, label and colour in every figure and sweep). It regrows
/// nothing: between its pruning rounds the topology is fixed. The rounds themselves, pruning and rewinding, are
/// <c>Training.IterativeMagnitudePruning</c>'s, because they change the weights and the learning rate too.
/// </summary>
public sealed class IterativePruningMethod : IRegrowthStrategy
{
    public const string MethodName = "imp";

    public string Name => MethodName;

    public string DisplayName => "IMP";

    public string Colour => "#bcbd22";

    public bool EvolvesTopology => false;

    public RegrowthChoice Choose(RegrowthRequest request) =>
        request.Count == 0
            ? new RegrowthChoice([], 0, 0)
            : throw new InvalidOperationException("iterative magnitude pruning regrows nothing");
}
