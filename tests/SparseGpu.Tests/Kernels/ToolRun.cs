using System.Diagnostics;

namespace SparseGpu.Tests.Kernels;

/// <summary>Runs an external checker (ptxas, clang) and captures its exit code and everything it prints.</summary>
internal static class ToolRun
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process =
            Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, output + error.Result);
    }
}
