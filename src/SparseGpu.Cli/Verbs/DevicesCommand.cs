using System.Globalization;
using SparseGpu.Engines;

namespace SparseGpu.Cli.Verbs;

public sealed class DevicesCommand(DevicesOptions options) : ICommand
{
    public int Execute(CommandContext context)
    {
        _ = options;
        context.Output.WriteLine($"{"device", -10} {"usable", 6} {"memory", 10}  name and notes");
        foreach (DeviceDescription d in EngineFactory.ListDevices())
        {
            string memory =
                d.MemoryBytes is { } bytes && bytes < long.MaxValue / 2
                    ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:F1} GiB")
                : d.Usable ? "host"
                : "-";
            context.Output.WriteLine($"{d.Kind, -10} {(d.Usable ? "yes" : "no"), 6} {memory, 10}  {d.Name}: {d.Note}");
        }
        return CliApp.Success;
    }
}
