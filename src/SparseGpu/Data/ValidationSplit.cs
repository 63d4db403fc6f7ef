using System.Globalization;

namespace SparseGpu.Data;

/// <summary>
/// The validation set of --validation: the LAST images of the training set as the run uses it (after
/// --train-limit), so the images that train are the first ones, in the data set's own order, and the test set is
/// never touched. A count takes that many; a fraction X in (0, 1) takes round(X · images), halves away from zero.
/// The split is fixed by the setting alone (no random draw), so a resumed run splits as it did.
/// </summary>
public static class ValidationSplit
{
    /// <summary>What is wrong with a --validation value (the catalogue's rule), or null.</summary>
    public static string? Problem(double value) =>
        value switch
        {
            0 => null,
            > 0 and < 1 => null,
            >= 1 when value == Math.Floor(value) && value <= int.MaxValue => null,
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $" must be 0 (off), a count of images (1, 2, ...) or a fraction in (0, 1), got {value}"
            ),
        };

    /// <summary>How many of <paramref name="trainImages"/> images the setting holds out (0: off).</summary>
    public static int Count(double validation, int trainImages)
    {
        if (validation == 0)
            return 0;
        int count =
            validation < 1 ? (int)Math.Round(validation * trainImages, MidpointRounding.AwayFromZero) : (int)validation;
        string given = validation.ToString(CultureInfo.InvariantCulture);
        if (count > trainImages)
            throw new InvalidSettingException(
                "validation",
                $" {given} is larger than the training set ({trainImages} images)"
            );
        if (count == trainImages)
            throw new InvalidSettingException(
                "validation",
                $" {given} leaves no training images (the training set has {trainImages})"
            );
        if (count == 0)
            throw new InvalidSettingException(
                "validation",
                $" {given} of {trainImages} training images is no image; give a larger fraction or a count"
            );
        return count;
    }

    /// <summary>The images that train and the held-out validation set (null when off).</summary>
    public static (ImageSet Train, ImageSet? Validation) Apply(double validation, ImageSet train)
    {
        int held = Count(validation, train.Count);
        if (held == 0)
            return (train, null);
        int kept = train.Count - held;
        return (train.Range(0, kept), train.Range(kept, held));
    }
}
