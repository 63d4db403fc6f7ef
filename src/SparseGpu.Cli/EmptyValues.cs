using System.Reflection;
using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli;

/// <summary>
/// Refuses option values that are empty or blank, such as `--out ""` from an unset $VAR: for a path, .NET would
/// throw an ArgumentException with a stack trace; for anything else the empty value would silently mean "default".
/// </summary>
internal static class EmptyValues
{
    /// <summary>The first empty value's option name ("--out", or the positional's name), or null when there is
    /// none.</summary>
    public static string? FindIn(object options)
    {
        foreach (PropertyInfo property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetValue(options) is TrainingSettingArguments settings)
            {
                foreach ((Training.TrainingSetting setting, string text) in settings.Given)
                    if (string.IsNullOrWhiteSpace(text))
                        return $"--{setting.Option}";
                continue;
            }
            string? name =
                property.GetCustomAttribute<OptionAttribute>() is { } option ? $"--{option.LongName}"
                : property.GetCustomAttribute<SharedOptionAttribute>() is { } shared ? $"--{shared.Name}"
                : property.GetCustomAttribute<ValueAttribute>() is { } value ? value.MetaName
                : null;
            if (name is null)
                continue;
            object? current = property.GetValue(options);
            bool empty = current switch
            {
                string text => string.IsNullOrWhiteSpace(text),
                IEnumerable<string> texts => texts.Any(string.IsNullOrWhiteSpace),
                _ => false,
            };
            if (empty)
                return name;
        }
        return null;
    }
}
