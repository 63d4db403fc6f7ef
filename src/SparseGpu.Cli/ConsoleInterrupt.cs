using System.Runtime.InteropServices;

namespace SparseGpu.Cli;

/// <summary>
/// Ctrl-C (and SIGTERM, which cluster schedulers send) ask the running command to stop after the current batch
/// and save its state; a second Ctrl-C ends the process at once.
/// </summary>
internal static class ConsoleInterrupt
{
    private static readonly CancellationTokenSource Source = new();
    private static PosixSignalRegistration? _terminate;

    public static CancellationToken Token()
    {
        Console.CancelKeyPress += (_, e) =>
        {
            if (Source.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine();
            Console.Error.WriteLine("interrupt: finishing the current batch and saving a checkpoint (Ctrl-C again to abort)");
            Source.Cancel();
        };
        if (!OperatingSystem.IsWindows())
        {
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Source.Cancel();
            });
        }
        return Source.Token;
    }
}
