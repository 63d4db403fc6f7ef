namespace SparseGpu.Runs;

/// <summary>
/// Checks a checkpoint's JSON header before any size in it is trusted: every field present (a JSON null is an
/// error, not a crash later), settings that a run could have been started with, and sizes within sane limits.
/// </summary>
internal static class CheckpointHeaderChecks
{
    /// <summary>The largest input layer a checkpoint may declare: a 1024×1024 image. Layer 1's input count is the
    /// only size that no bytes in the file back, so it is bounded here rather than by the file's length.</summary>
    public const int MaxInputs = 1 << 20;

    /// <summary>Class counts beyond this are no data set's; the read-out's size is backed by bytes anyway.</summary>
    public const int MaxClasses = 1 << 16;

    public static CheckpointFile.Header Validate(CheckpointFile.Header? header)
    {
        if (header is null)
            throw new InvalidDataException("the header is null");
        if (header.Settings is null)
            throw new InvalidDataException("the header has no settings");
        if (header.Settings.Dataset is null)
            throw new InvalidDataException("the settings have no dataset");
        if (header.Settings.Hidden is null)
            throw new InvalidDataException("the settings have no hidden layer widths");
        if (header.Settings.Regrowth is null)
            throw new InvalidDataException("the settings have no regrowth method");
        if (header.ProgramVersion is null)
            throw new InvalidDataException("the header has no program version");
        if (header.Inputs <= 0 || header.Inputs > MaxInputs)
            throw new InvalidDataException($"{header.Inputs} inputs (at most {MaxInputs})");
        if (header.Classes < 2 || header.Classes > MaxClasses)
            throw new InvalidDataException($"{header.Classes} classes (2 to {MaxClasses})");
        header.Settings.Validate();
        return header;
    }
}
