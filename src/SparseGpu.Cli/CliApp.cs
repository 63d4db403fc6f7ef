using CommandLine;
using SparseGpu.Cli.Arguments;
using SparseGpu.Cli.Verbs;
using SparseGpu.Runs;

namespace SparseGpu.Cli;

/// <summary>
/// Parses the verb and its options, runs the command, and turns every failure into one line on stderr and an exit
/// code: 0 success, 1 failure (missing or corrupt file, diverged model), 2 usage error (a command line that cannot
/// be understood, or an option value out of its range or not among its names), 130 interrupted.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel = default)
    {
        VerbRequest request;
        try
        {
            switch (CommandLineReader.Read(args))
            {
                case VersionRequest:
                    output.WriteLine($"{ProgramInfo.Name} {ProgramInfo.Version}");
                    return Success;
                case HelpRequest help:
                    output.Write(HelpPage.For(help));
                    return Success;
                case VerbRequest verb:
                    request = verb;
                    break;
                default:
                    throw new InvalidOperationException("unknown request");
            }
        }
        catch (UsageException e)
        {
            return ReportUsage(error, e.Message, e.Topic);
        }
        foreach (string warning in request.Warnings)
            error.WriteLine(warning);
        object options;
        try
        {
            options = Bind(request);
        }
        catch (UsageException e)
        {
            return ReportUsage(error, e.Message, e.Topic);
        }

        if (EmptyValues.FindIn(options) is { } emptyOption)
        {
            error.WriteLine(
                $"error: {emptyOption} is empty (an unset variable?); give a value or leave the option out"
            );
            return UsageError;
        }

        ConsoleInterrupt.Policy.SavesState = InterruptPolicy.SavesStateFor(options);
        var context = new CommandContext(output, error, cancel) { CommandLine = [ProgramInfo.Name, .. args] };
        try
        {
            ICommand command = options switch
            {
                TrainOptions o => new TrainCommand(o),
                EvaluateOptions o => new EvaluateCommand(o),
                LinkPredOptions o => new LinkPredCommand(o),
                RobustnessOptions o => new RobustnessCommand(o),
                PlotOptions o => new PlotCommand(o),
                SweepOptions o => new SweepCommand(o),
                DataOptions o => new DataCommand(o),
                DevicesOptions o => new DevicesCommand(o),
                BenchOptions o => new BenchCommand(o),
                AnalyzeOptions o => new AnalyzeCommand(o),
                ExportOptions o => new ExportCommand(o),
                KernelsOptions o => new KernelsCommand(o),
                _ => throw new InvalidOperationException($"no command for {options.GetType().Name}"),
            };
            return command.Execute(context);
        }
        catch (InvalidSettingException e)
        {
            return ReportUsage(error, e.Message, request.Topic);
        }
        catch (UsageException e)
        {
            return ReportUsage(error, e.Message, e.Topic ?? request.Topic);
        }
        catch (SparseGpuException e)
        {
            error.WriteLine($"error: {e.Message}");
            return Failure;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: interrupted");
            return Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
            return Failure;
        }
    }

    /// <summary>The options object of a checked command line, bound by CommandLineParser; the options it does not
    /// know (training settings, options shared through <see cref="OptionGroups"/>) are bound here.</summary>
    internal static object Bind(VerbRequest request)
    {
        (List<string> declared, List<(OptionSpec Option, string? Text)> own) = SplitOwnOptions(request);
        object options = BindDeclared(request, declared);
        foreach ((OptionSpec option, string? text) in own)
            option.Bind(options, text);
        return options;
    }

    /// <summary>The options CommandLineParser does not bind, with their values (null for a switch), and the rest of
    /// the checked arguments (in which every option is spelt `--name` and no value starts with "--").</summary>
    private static (List<string> Declared, List<(OptionSpec, string?)> Own) SplitOwnOptions(VerbRequest request)
    {
        var declared = new List<string>();
        var own = new List<(OptionSpec, string?)>();
        for (int i = 0; i < request.Arguments.Length; i++)
        {
            string token = request.Arguments[i];
            string name = token.StartsWith("--", StringComparison.Ordinal) ? token[2..].Split('=')[0] : "";
            if (request.Verb.FindOption(name) is not { IsDeclaredOption: false } option)
            {
                declared.Add(token);
                continue;
            }
            int equals = token.IndexOf('=', StringComparison.Ordinal);
            string? text =
                option.IsSwitch ? null
                : equals >= 0 ? token[(equals + 1)..]
                : request.Arguments[++i];
            own.Add((option, text));
        }
        return (declared, own);
    }

    private static object BindDeclared(VerbRequest request, List<string> arguments)
    {
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.CaseInsensitiveEnumValues = true;
            settings.AutoHelp = false;
            settings.AutoVersion = false;
            settings.AllowMultiInstance = true; // --model A --model B, --runs A --runs B
        });
        ParserResult<object> parsed = parser.ParseArguments([request.Verb.Name, .. arguments], VerbCatalog.Types);
        return parsed is NotParsed<object> notParsed
            ? throw new UsageException(Describe(notParsed.Errors.First()), request.Topic)
            : parsed.Value;
    }

    /// <summary>One line: the problem, and the help page that explains the verb.</summary>
    private static int ReportUsage(TextWriter error, string message, string? topic)
    {
        error.WriteLine($"error: {message}; see sparsegpu {(topic is null ? "" : topic + " ")}--help");
        return UsageError;
    }

    /// <summary>What CommandLineParser still finds after <see cref="CommandLineReader"/>'s checks (rare: those
    /// checks cover its errors, with better messages).</summary>
    private static string Describe(Error e) =>
        e switch
        {
            UnknownOptionError unknown => $"unknown option '{unknown.Token}'",
            MissingRequiredOptionError missing => $"missing required option --{missing.NameInfo.LongName}",
            BadFormatConversionError bad => $"option --{bad.NameInfo.LongName} has a value of the wrong type",
            MissingValueOptionError missing => $"option --{missing.NameInfo.LongName} needs a value",
            RepeatedOptionError repeated => $"option --{repeated.NameInfo.LongName} is given twice",
            NamedError named => $"option --{named.NameInfo.LongName}: {named.Tag}",
            _ => e.Tag.ToString(),
        };
}
