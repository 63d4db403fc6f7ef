using System.Security.Cryptography;

namespace SparseGpu.Data;

public enum FileState
{
    Missing,
    Valid,
    WrongSize,
    WrongChecksum,
}

/// <summary>Checks a data file against the size and digest recorded in the catalogue.</summary>
public static class FileChecksum
{
    public static FileState Check(string path, DatasetFile expected)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            return FileState.Missing;
        if (info.Length != expected.Bytes)
            return FileState.WrongSize;
        using var stream = info.OpenRead();
        return Matches(stream, expected.Sha256, expected.Md5) ? FileState.Valid : FileState.WrongChecksum;
    }

    /// <summary>True when the stream's SHA-256 (preferred) or else MD5 equals the expected hex digest.</summary>
    public static bool Matches(Stream content, string? sha256, string? md5)
    {
        if (sha256 is not null)
            return HexEquals(SHA256.HashData(content), sha256);
        if (md5 is not null)
            return HexEquals(MD5.HashData(content), md5);
        throw new InvalidOperationException("a catalogue file needs a SHA-256 or an MD5 digest");
    }

    public static string Describe(FileState state) =>
        state switch
        {
            FileState.Missing => "missing",
            FileState.Valid => "ok",
            FileState.WrongSize => "wrong size",
            FileState.WrongChecksum => "checksum mismatch",
            _ => state.ToString(),
        };

    private static bool HexEquals(byte[] digest, string expectedHex) =>
        string.Equals(Convert.ToHexStringLower(digest), expectedHex, StringComparison.OrdinalIgnoreCase);
}
