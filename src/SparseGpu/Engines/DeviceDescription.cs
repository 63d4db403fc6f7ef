namespace SparseGpu.Engines;

/// <summary>One device the program can train on, as `sparsegpu devices` lists it.</summary>
public sealed record DeviceDescription(
    string Kind,
    int Index,
    string Name,
    long? MemoryBytes,
    bool Usable,
    string Note
);
