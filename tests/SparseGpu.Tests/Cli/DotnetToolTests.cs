using System.Diagnostics;
using System.Reflection;
using SparseGpu.Runs;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cli;

/// <summary>
/// `dotnet pack` makes a .NET tool that installs and runs. Offline by construction: the package is packed from the
/// build the tests already made (--no-build), installed from that folder alone (a nuget.config that clears every
/// other source) into a temporary tool path with a private package cache, so no registry and no stale copy of
/// the same version can be involved. About a minute, most of it zipping the native plotting libraries.
/// </summary>
public sealed class DotnetToolTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Dotnet_pack_makes_a_tool_that_installs_into_a_tool_path_and_runs()
    {
        string root = Repository.Root;
        string configuration =
            typeof(DotnetToolTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? "Release";
        string version = $"0.0.0-test.{Guid.NewGuid():N}"[..24];
        string pack = _temp.File("pack"),
            tools = _temp.File("tools");

        Run(
            root,
            "pack",
            "src/SparseGpu.Cli",
            "-c",
            configuration,
            "--no-build",
            "-o",
            pack,
            $"-p:PackageVersion={version}"
        );
        Assert.True(File.Exists(Path.Combine(pack, $"SparseGpu.{version}.nupkg")), "no SparseGpu package was written");

        string config = _temp.File("nuget.config");
        File.WriteAllText(
            config,
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="local" value="{pack}" /></packageSources>
            </configuration>
            """
        );
        Run(root, "tool", "install", "SparseGpu", "--tool-path", tools, "--configfile", config, "--version", version);

        string program = Path.Combine(tools, OperatingSystem.IsWindows() ? "sparsegpu.exe" : "sparsegpu");
        string output = RunProgram(program, root, "--version");
        Assert.Equal($"{ProgramInfo.Name} {ProgramInfo.Version}", output.Trim());
        Assert.StartsWith("sparsegpu train: ", RunProgram(program, root, "help", "train"));
    }

    private void Run(string workingDirectory, params string[] args) =>
        RunProgram(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", workingDirectory, args);

    private string RunProgram(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["NUGET_PACKAGES"] = _temp.File("nuget-cache");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            process.Kill(entireProcessTree: true);
        Assert.True(
            process.ExitCode == 0,
            $"{Path.GetFileName(program)} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}\n{error.Result}"
        );
        return output;
    }
}
