namespace SparseGpu;

/// <summary>
/// A setting has a value outside its range or not among its names (`--epochs 0`, `--device tpu`). The fix is in
/// the command line, not in a file, so the program reports it as a usage error (exit code 2). Where the setting
/// came from a file (a sweep spec), the reader wraps it into a plain <see cref="SparseGpuException"/> naming the file.
/// </summary>
public sealed class InvalidSettingException(string message) : SparseGpuException(message);
