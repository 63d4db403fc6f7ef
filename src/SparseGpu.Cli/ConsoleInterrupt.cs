using System.Runtime.InteropServices;

namespace SparseGpu.Cli;

/// <summary>
/// Connects Ctrl-C (SIGINT) and SIGTERM, which cluster schedulers send, to the process's <see cref="InterruptPolicy"/>.
/// </summary>
internal static class ConsoleInterrupt
{
    // Unfinished atomic writes lose their temporary files, then the process ends on a thread of its own:
    // exiting inside a signal handler can wait on the handler itself.
    public static readonly InterruptPolicy Policy = new(
        code =>
        {
            AtomicFile.AbandonAll();
            new Thread(() => Environment.Exit(code)) { IsBackground = false }.Start();
        },
        InterruptPolicy.DefaultGrace
    );

    private static PosixSignalRegistration? _terminate;

    public static CancellationToken Token()
    {
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            Report(Policy.OnSignal());
        };
        if (!OperatingSystem.IsWindows())
        {
            _terminate = PosixSignalRegistration.Create(
                PosixSignal.SIGTERM,
                context =>
                {
                    context.Cancel = true;
                    Report(Policy.OnSignal());
                }
            );
        }
        return Policy.Token;
    }

    private static void Report(string? line)
    {
        if (line is null)
            return;
        Console.Error.WriteLine();
        Console.Error.WriteLine(line);
    }
}
