namespace SparseGpu.Topology;

/// <summary>
/// A topology method as the registry (<see cref="TopologyMethods"/>) holds it: its name, label and colour, the
/// rule that removes links (<see cref="Removal"/>) and the rule that grows new ones (<see cref="Growth"/>), and the
/// signals those rules read. <see cref="TopologyEditor"/> applies the two rules and enforces the editor's guarantees,
/// so a method that combines existing rules is one class, and one that brings a rule adds that rule's class.
/// </summary>
public interface ITopologyMethod
{
    /// <summary>The name the --method option and a spec's `methods` use.</summary>
    string Name { get; }

    /// <summary>The name figures and reports show (e.g. "RLR").</summary>
    string DisplayName => Name;

    /// <summary>The method's colour in every figure, as #rrggbb, so a method looks the same everywhere.</summary>
    string Colour => TopologyMethods.FallbackColour(Name);

    /// <summary>What --method's help says of it: what it does and where it comes from, one phrase.</summary>
    string Summary { get; }

    /// <summary>False for a fixed topology (static, iterative pruning): no topology update removes or grows
    /// links.</summary>
    bool EvolvesTopology { get; }

    /// <summary>What the rules read besides the layer's links (<see cref="TopologySignals.Weights"/> for magnitude
    /// removal); the trainer refuses a method whose signals the engine cannot supply.</summary>
    TopologySignals Signals => TopologySignals.Weights;

    /// <summary>Which links an update removes.</summary>
    IRemovalStrategy Removal => MagnitudeRemoval.Instance;

    /// <summary>Which links an update adds, and their initial weights.</summary>
    IRegrowthStrategy Growth { get; }

    /// <summary>The oldest checkpoint format a program must read to resume a run of this method (its name is
    /// stored in every format): a method added after a format, or one that writes state of its own (imp's rewind
    /// point), names the version that introduced it, so an older program refuses the file instead of misreading
    /// it even when every setting is at its default.</summary>
    int CheckpointVersion => 1;

    /// <summary>
    /// Whether the layers may be edited at once, one per thread: the rules keep no state and use no device, so each
    /// layer's edit depends only on that layer and its own random streams (results are the same either way).
    /// </summary>
    bool EditsLayersInParallel => false;
}
