using System.Diagnostics;
using SparseGpu.Tests.Support;

namespace SparseGpu.Tests.Cluster;

/// <summary>
/// The study's Slurm job array on a real single-node Slurm started on this machine
/// (experiments/paper-study/slurm-local.sh), over synthetic MNIST-shaped data and the sparsegpu built with the tests.
/// </summary>
public sealed class SlurmLocalTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void The_study_array_runs_on_a_real_slurm_each_run_once_and_equal_to_a_plain_sweep()
    {
        ExternalTool.Require("Slurm (sbatch, from slurm-wlm)", "sbatch");
        ExternalTool.Require("slurmctld", "slurmctld", "/usr/sbin/slurmctld");
        ExternalTool.Require("slurmd", "slurmd", "/usr/sbin/slurmd");
        ExternalTool.Require("munged (munge)", "munged", "/usr/sbin/munged");
        ExternalTool.RequireThat(Environment.UserName == "root", "root (slurmctld and slurmd run as root)");

        IdxFiles.WriteSyntheticMnist(_temp.File("data"), train: 600, test: 100);
        string script = Path.Combine(Repository.Root, "experiments", "paper-study", "slurm-local.sh");
        var start = new ProcessStartInfo(
            "bash",
            [
                script,
                "--sparsegpu",
                Path.Combine(AppContext.BaseDirectory, "sparsegpu"),
                "--data",
                _temp.File("data"),
                "--work",
                _temp.File("work"),
                "--timeout",
                "180",
            ]
        )
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process run = Process.Start(start)!;
        Task<string> output = run.StandardOutput.ReadToEndAsync(),
            error = run.StandardError.ReadToEndAsync();
        if (!run.WaitForExit(Limit))
        {
            run.Kill(entireProcessTree: true); // the script's trap cannot run; its daemons are in the tree
            run.WaitForExit();
            Assert.Fail($"slurm-local.sh did not finish within {Limit.TotalMinutes} minutes");
        }
        run.WaitForExit();
        string report = $"{output.Result}\n{error.Result}";
        Assert.True(run.ExitCode == 0, report);
        Assert.Contains(
            "slurm-local: 3 runs completed once each by the array; metrics and robustness equal the plain sweep's",
            output.Result
        );
        Assert.Empty(ProcessesMentioning(_temp.File("work"))); // munged, slurmctld, slurmd all stopped
    }

    /// <summary>Ids of running processes whose command line contains <paramref name="text"/>.</summary>
    private static List<string> ProcessesMentioning(string text)
    {
        var found = new List<string>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            string id = Path.GetFileName(dir);
            if (!id.All(char.IsAsciiDigit) || id == Environment.ProcessId.ToString())
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(text))
                    found.Add(id);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // ended while we looked
        }
        return found;
    }
}
