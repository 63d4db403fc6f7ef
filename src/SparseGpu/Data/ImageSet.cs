namespace SparseGpu.Data;

/// <summary>
/// Labelled grey images, one byte per pixel, row-major images one after another. Scaling to [0,1] happens on the
/// engine (pixel / 255) so that a data set costs one byte per pixel wherever it is resident.
/// </summary>
public sealed class ImageSet
{
    public ImageSet(string name, int rows, int columns, int classes, byte[] pixels, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows <= 0 || columns <= 0)
            throw new ArgumentOutOfRangeException(nameof(rows), "image size must be positive");
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "at least two classes");
        if ((long)labels.Length * rows * columns != pixels.LongLength)
            throw new ArgumentException(
                $"{labels.Length} labels but {pixels.LongLength} pixels of {rows}x{columns} images"
            );
        foreach (byte label in labels)
            if (label >= classes)
                throw new ArgumentException($"label {label} is not below the class count {classes}");
        Name = name;
        Rows = rows;
        Columns = columns;
        Classes = classes;
        Pixels = pixels;
        Labels = labels;
    }

    public string Name { get; }
    public int Rows { get; }
    public int Columns { get; }
    public int InputSize => Rows * Columns;
    public int Classes { get; }
    public int Count => Labels.Length;
    public byte[] Pixels { get; }
    public byte[] Labels { get; }

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * InputSize, InputSize);

    /// <summary>The first <paramref name="count"/> images (all of them when count is at least <see
    /// cref="Count"/>).</summary>
    public ImageSet Take(int count)
    {
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "must be positive");
        if (count >= Count)
            return this;
        return new ImageSet(
            Name,
            Rows,
            Columns,
            Classes,
            Pixels.AsSpan(0, count * InputSize).ToArray(),
            Labels.AsSpan(0, count).ToArray()
        );
    }

    /// <summary>The <paramref name="count"/> images from <paramref name="start"/> on.</summary>
    public ImageSet Range(int start, int count)
    {
        if (start < 0 || count < 0 || (long)start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"images {start}.. of {Count}");
        return new ImageSet(
            Name,
            Rows,
            Columns,
            Classes,
            Pixels.AsSpan(start * InputSize, count * InputSize).ToArray(),
            Labels.AsSpan(start, count).ToArray()
        );
    }
}

/// <summary>A data set's training and test images, and where they came from.</summary>
public sealed record DatasetSplits(DatasetInfo Info, ImageSet Train, ImageSet Test, string Source)
{
    /// <summary>Own data's identity (<see cref="OwnDataset.ContentSha256"/>); null for a catalogue data set, whose
    /// files the catalogue's checksums already pin.</summary>
    public string? Sha256 { get; init; }
}
