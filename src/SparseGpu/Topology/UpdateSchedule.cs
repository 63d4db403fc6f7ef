namespace SparseGpu.Topology;

/// <summary>
/// When topology updates happen and how much each changes: every <see cref="Interval"/> epochs from the second
/// epoch on, removing the fraction <see cref="Zeta"/> of each layer's links. With <see cref="CosineEnd"/> (RigL's
/// T_end), the fraction decays as ζ/2·(1 + cos(π·t/T_end)) at epoch t and no update happens from epoch T_end on.
/// The trainer asks only this object.
/// </summary>
public sealed record UpdateSchedule(int Interval, double Zeta, int? CosineEnd = null)
{
    /// <summary>Whether an update precedes epoch <paramref name="epoch"/> (0-based).</summary>
    public bool IsDue(int epoch) => epoch > 0 && epoch % Interval == 0 && !(epoch >= CosineEnd);

    /// <summary>The fraction of links the update before epoch <paramref name="epoch"/> replaces.</summary>
    public double ZetaAt(int epoch) =>
        CosineEnd is int end ? Zeta / 2 * (1 + Math.Cos(Math.PI * Math.Min(epoch, end) / end)) : Zeta;
}
