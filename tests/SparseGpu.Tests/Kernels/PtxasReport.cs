using System.Text.RegularExpressions;

namespace SparseGpu.Tests.Kernels;

/// <summary>What `ptxas -v` says about one kernel: registers, shared and local memory, stack frame and
/// spills.</summary>
internal sealed partial record PtxasReport(
    int Registers,
    int SharedBytes,
    int LocalBytes,
    int StackFrameBytes,
    int SpillStoreBytes,
    int SpillLoadBytes
)
{
    public static PtxasReport Parse(string output)
    {
        Match used = UsedRegisters().Match(output);
        if (!used.Success)
            throw new FormatException($"no register count in ptxas output:\n{output}");
        Match frame = StackFrame().Match(output);
        if (!frame.Success)
            throw new FormatException($"no stack frame line in ptxas output:\n{output}");
        return new PtxasReport(
            int.Parse(used.Groups[1].Value),
            Bytes(SharedMemory(), output),
            Bytes(LocalMemory(), output),
            int.Parse(frame.Groups[1].Value),
            int.Parse(frame.Groups[2].Value),
            int.Parse(frame.Groups[3].Value)
        );
    }

    private static int Bytes(Regex pattern, string output)
    {
        Match match = pattern.Match(output);
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
    }

    [GeneratedRegex(@"Used (\d+) registers")]
    private static partial Regex UsedRegisters();

    [GeneratedRegex(@"(\d+) bytes smem")]
    private static partial Regex SharedMemory();

    [GeneratedRegex(@"(\d+) bytes lmem")]
    private static partial Regex LocalMemory();

    [GeneratedRegex(@"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")]
    private static partial Regex StackFrame();
}
