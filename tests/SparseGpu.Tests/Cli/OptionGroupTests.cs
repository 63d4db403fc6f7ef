using System.Reflection;
using CommandLine;
using SparseGpu.Cli;
using SparseGpu.Cli.Arguments;
using SparseGpu.Cli.Verbs;

namespace SparseGpu.Tests.Cli;

/// <summary>The device, data, output and progress options are declared once (<see cref="OptionGroups"/>).</summary>
public sealed class OptionGroupTests
{
    [Fact]
    public void No_verb_declares_a_shared_option_of_its_own()
    {
        var shared = OptionGroups.All.Select(d => d.Name).ToHashSet();
        foreach (VerbSpec verb in VerbCatalog.All)
        foreach (PropertyInfo property in verb.Type.GetProperties())
            if (property.GetCustomAttribute<OptionAttribute>() is { } option)
                Assert.False(
                    shared.Contains(option.LongName),
                    $"{verb.Type.Name}.{property.Name} declares --{option.LongName}; use [SharedOption]"
                );
    }

    [Fact]
    public void Each_verb_starts_a_shared_option_at_the_default_its_help_shows()
    {
        int checkedOptions = 0;
        foreach (VerbSpec verb in VerbCatalog.All)
        {
            object fresh = Activator.CreateInstance(verb.Type)!;
            foreach (OptionSpec option in verb.Options.Where(o => o.IsShared))
            {
                if (option.Property.GetCustomAttribute<DefaultTextAttribute>() is not null)
                    continue;
                object? initial = option.Property.GetValue(fresh);
                object? declared = OptionGroups.Get(option.Name).Default;
                Assert.True(
                    Equals(initial is false or "" ? null : initial, declared),
                    $"{verb.Name} --{option.Name} starts at {initial ?? "null"}, help says {declared ?? "none"}"
                );
                checkedOptions++;
            }
        }
        Assert.True(checkedOptions >= 15, $"only {checkedOptions} shared options checked");
    }

    [Fact]
    public void Shared_options_bind_like_declared_ones()
    {
        var request = Assert.IsType<VerbRequest>(
            CommandLineReader.Read([
                "robustness",
                "--model",
                "m.ckpt",
                "--device",
                "cpu",
                "--threads=3",
                "--data-dir",
                "d",
                "--no-download",
                "--quiet",
                "--progress-every",
                "2.5",
                "--out",
                "o",
            ])
        );
        var options = Assert.IsType<RobustnessOptions>(CliApp.Bind(request));
        Assert.Equal(
            ("cpu", 3, "d", true, true, (double?)2.5, "o"),
            (
                options.Device,
                options.Threads,
                options.DataDir,
                options.NoDownload,
                options.Quiet,
                options.ProgressEvery,
                options.Out
            )
        );
        var plain = Assert.IsType<RobustnessOptions>(
            CliApp.Bind(Assert.IsType<VerbRequest>(CommandLineReader.Read(["robustness", "--model", "m.ckpt"])))
        );
        Assert.Equal(("auto", 0, false), (plain.Device, plain.Threads, plain.Quiet));
    }
}
