namespace SparseGpu;

/// <summary>
/// A problem the user can fix (bad option, missing or corrupt file, diverging model). The message is one line
/// that names the file or option and the problem; the command line prints it without a stack trace.
/// </summary>
public class SparseGpuException : Exception
{
    public SparseGpuException(string message)
        : base(message) { }

    public SparseGpuException(string message, Exception inner)
        : base(message, inner) { }
}
