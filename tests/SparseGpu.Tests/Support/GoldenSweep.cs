namespace SparseGpu.Tests.Support;

/// <summary>The hand-made sweep directory of Sweeps/Golden, copied so a test may damage it.</summary>
public static class GoldenSweep
{
    public static string CopyTo(string target)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Sweeps", "Golden", "sweep");
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
