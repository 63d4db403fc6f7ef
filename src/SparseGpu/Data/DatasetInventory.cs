namespace SparseGpu.Data;

/// <summary>One catalogue file as found in a data directory.</summary>
public sealed record FileStatus(DatasetFile File, string Path, bool Present, long Bytes, FileState? Verified);

/// <summary>One data set as found in a data directory.</summary>
public sealed record DatasetStatus(DatasetInfo Info, IReadOnlyList<FileStatus> Files)
{
    public int PresentCount => Files.Count(f => f.Present);
    public long Bytes => Files.Sum(f => f.Bytes);

    public string Summary =>
        PresentCount == Files.Count ? "complete"
        : PresentCount == 0 ? "missing"
        : "partial";
}

/// <summary>What `data list` and `data verify` report: which files are there, and whether they match the
/// catalogue.</summary>
public static class DatasetInventory
{
    /// <param name="verify">Also check size and digest of each present file (reads every byte).</param>
    public static DatasetStatus Inspect(string dataDirectory, DatasetInfo info, bool verify)
    {
        var files = new List<FileStatus>();
        foreach (DatasetFile file in info.Files)
        {
            string? found = DatasetLoader.FindFile(dataDirectory, info, file);
            string path = found ?? DataDirectory.FilePath(dataDirectory, info, file);
            long bytes = found is null ? 0 : new FileInfo(found).Length;
            FileState? state =
                !verify ? null
                : found is null ? FileState.Missing
                : found.EndsWith(".gz", StringComparison.Ordinal) ? FileChecksum.Check(found, file)
                : VerifyDecompressedCopy(found, info, file);
            files.Add(new FileStatus(file, path, found is not null, bytes, state));
        }
        return new DatasetStatus(info, files);
    }

    /// <summary>A decompressed copy has no published digest; it passes when it parses as IDX with the shape and
    /// count of the official release (a 1×1-pixel "mnist" does not).</summary>
    private static FileState VerifyDecompressedCopy(string path, DatasetInfo info, DatasetFile file)
    {
        try
        {
            if (file == info.TrainImages || file == info.TestImages)
            {
                IdxImages images = IdxReader.ReadImages(path);
                bool shaped = images.Rows == info.ImageRows && images.Columns == info.ImageColumns;
                return shaped && images.Count == info.CountIn(file) ? FileState.Valid : FileState.WrongSize;
            }
            return IdxReader.ReadLabels(path).Length == info.CountIn(file) ? FileState.Valid : FileState.WrongSize;
        }
        catch (SparseGpuException)
        {
            return FileState.WrongChecksum;
        }
    }
}
