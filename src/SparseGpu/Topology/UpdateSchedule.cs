namespace SparseGpu.Topology;

/// <summary>
/// When topology updates happen and how much each changes: every <see cref="Interval"/> epochs from the second
/// epoch on, removing the fraction <see cref="Zeta"/> of each layer's links. The trainer asks only this object,
/// so a schedule that stops at some epoch or decays ζ (as RigL's cosine schedule does) changes this file alone.
/// </summary>
public sealed record UpdateSchedule(int Interval, double Zeta)
{
    /// <summary>Whether an update precedes epoch <paramref name="epoch"/> (0-based).</summary>
    public bool IsDue(int epoch) => epoch > 0 && epoch % Interval == 0;

    /// <summary>The fraction of links the update before epoch <paramref name="epoch"/> replaces.</summary>
    public double ZetaAt(int epoch) => Zeta;
}
