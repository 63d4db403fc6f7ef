using CommandLine;
using CommandLine.Text;
using SparseGpu.Cli.Verbs;
using SparseGpu.Runs;

namespace SparseGpu.Cli;

/// <summary>
/// Parses the verb and its options, runs the command, and turns every failure into one line on stderr and an exit
/// code: 0 success, 1 failure (bad input, missing file, diverged model), 2 usage error, 130 interrupted.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel = default)
    {
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.CaseInsensitiveEnumValues = true;
            settings.AutoVersion = true;
            settings.AllowMultiInstance = true; // --model A --model B, --runs A --runs B
        });
        ParserResult<object> parsed = parser.ParseArguments<TrainOptions, EvaluateOptions, RobustnessOptions, PlotOptions, SweepOptions, LinkPredOptions, DataOptions, DevicesOptions, BenchOptions>(args);
        if (parsed is NotParsed<object> notParsed) return ReportParseErrors(notParsed, output, error);

        if (EmptyValues.FindIn(parsed.Value) is { } emptyOption)
        {
            error.WriteLine($"error: {emptyOption} is empty (an unset variable?); give a value or leave the option out");
            return UsageError;
        }

        ConsoleInterrupt.Policy.SavesState = InterruptPolicy.SavesStateFor(parsed.Value);
        var context = new CommandContext(output, error, cancel);
        try
        {
            ICommand command = parsed.Value switch
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
                _ => throw new InvalidOperationException($"no command for {parsed.Value.GetType().Name}"),
            };
            return command.Execute(context);
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

    private static int ReportParseErrors(NotParsed<object> result, TextWriter output, TextWriter error)
    {
        var errors = result.Errors.ToList();
        if (errors.Any(e => e.Tag is ErrorType.VersionRequestedError))
        {
            output.WriteLine($"{ProgramInfo.Name} {ProgramInfo.Version}");
            return Success;
        }
        if (errors.Any(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError))
        {
            bool verbHelp = errors.Any(e => e.Tag is ErrorType.HelpRequestedError);
            output.WriteLine(HelpText.AutoBuild(result, h =>
            {
                h.Heading = $"{ProgramInfo.Name} {ProgramInfo.Version}: sparse neural networks with adaptive topology";
                h.Copyright = "";
                return h;
            }, e => e, verbsIndex: !verbHelp));
            return Success;
        }
        error.WriteLine($"error: {Describe(errors[0])}; see sparsegpu --help");
        return UsageError;
    }

    private static string Describe(Error e) => e switch
    {
        NoVerbSelectedError => "no verb given; verbs: train, evaluate, robustness, plot, sweep, linkpred, data, devices, bench",
        BadVerbSelectedError bad => $"unknown verb '{bad.Token}'; verbs: train, evaluate, robustness, plot, sweep, linkpred, data, devices, bench",
        UnknownOptionError unknown => $"unknown option '{unknown.Token}'",
        MissingRequiredOptionError missing => $"missing required option --{missing.NameInfo.LongName}",
        BadFormatConversionError bad => $"option --{bad.NameInfo.LongName} has a value of the wrong type",
        MissingValueOptionError missing => $"option --{missing.NameInfo.LongName} needs a value",
        RepeatedOptionError repeated => $"option --{repeated.NameInfo.LongName} is given twice",
        NamedError named => $"option --{named.NameInfo.LongName}: {named.Tag}",
        _ => e.Tag.ToString(),
    };
}
