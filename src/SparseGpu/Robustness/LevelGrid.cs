using System.Globalization;

namespace SparseGpu.Robustness;

/// <summary>
/// Perturbation levels from "start:stop:step" (both ends included) or a comma list. Level 0, the unperturbed
/// network, is always part of a grid: it is the reference every curve and summary is measured against.
/// </summary>
public static class LevelGrid
{
    public static double[] Parse(string text, string option, double maxLevel)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidSettingException(option, $" is empty; give start:stop:step or a comma list");
        double[] levels = text.Contains(':') ? Range(text, option) : List(text, option);
        if (levels.Length == 0)
            throw new InvalidSettingException(option, $" '{text}' gives no levels");
        foreach (double level in levels)
            if (!(level >= 0 && level <= maxLevel))
                throw new InvalidSettingException(
                    option,
                    double.IsPositiveInfinity(maxLevel)
                        ? $": level {Format(level)} is negative"
                        : $": level {Format(level)} is outside [0, {Format(maxLevel)}]"
                );
        return [.. levels.Append(0.0).Distinct().Order()];
    }

    public static string Format(double level) => level.ToString("0.######", CultureInfo.InvariantCulture);

    private static double[] Range(string text, string option)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 3)
            throw new InvalidSettingException(option, $" '{text}' must be start:stop:step");
        double start = Number(parts[0], option),
            stop = Number(parts[1], option),
            step = Number(parts[2], option);
        if (step <= 0)
            throw new InvalidSettingException(option, $" '{text}': the step must be positive");
        if (stop < start)
            throw new InvalidSettingException(option, $" '{text}': stop is below start");
        // Counted in double first: a step like 1e-300 gives more levels than an int holds.
        double levels = Math.Floor((stop - start) / step + 1e-9) + 1;
        if (!(levels <= 10000))
            throw new InvalidSettingException(
                option,
                $" '{text}' gives {levels.ToString("G4", CultureInfo.InvariantCulture)} levels; at most 10000"
            );
        int count = (int)levels;
        // Rounding keeps 0.05·7 from printing as 0.35000000000000003.
        return Enumerable.Range(0, count).Select(i => Math.Round(start + i * step, 12)).ToArray();
    }

    private static double[] List(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Number(p, option))
            .ToArray();

    private static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
        && double.IsFinite(value)
            ? value
            : throw new InvalidSettingException(option, $": '{text}' is not a number");
}
