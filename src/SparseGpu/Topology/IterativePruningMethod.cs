namespace SparseGpu.Topology;

/// <summary>
/// `--method imp` in the registry of methods (its name, label and colour in every figure and sweep). It regrows
/// nothing: between its pruning rounds the topology is fixed. The rounds themselves, pruning and rewinding, are
/// <c>Training.IterativeMagnitudePruning</c>'s, because they change the weights and the learning rate too.
/// </summary>
public sealed class IterativePruningMethod : ITopologyMethod
{
    public const string MethodName = "imp";

    public string Name => MethodName;

    public string DisplayName => "IMP";

    public string Colour => "#bcbd22";

    public string Summary =>
        "lottery tickets, Frankle and Carbin 2019: iterative magnitude pruning to --density, see --imp-rate";

    public bool EvolvesTopology => false;

    /// <summary>Its checkpoints end with the rewind point, which version 4 introduced.</summary>
    public int CheckpointVersion => 4;

    public IRegrowthStrategy Growth { get; } = new NoRegrowth("iterative magnitude pruning");
}
