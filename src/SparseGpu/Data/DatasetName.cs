namespace SparseGpu.Data;

/// <summary>A --dataset value as the jobs use it: a catalogue name checked and in lower case, own data's path in
/// full.</summary>
public static class DatasetName
{
    public static string Of(string value) =>
        OwnDataset.IsPath(value) ? Path.GetFullPath(value) : DatasetCatalog.Get(value).Name;
}
