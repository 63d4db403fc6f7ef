using SparseGpu.Cli;

return CliApp.Run(args, Console.Out, Console.Error, ConsoleInterrupt.Token());
