using CommandLine;

namespace SparseGpu.Cli.Verbs;

[Verb("sweep", HelpText = "A whole study: `sweep --spec FILE.json --out DIR` (run), `sweep status --out DIR`, `sweep aggregate --out DIR`, `sweep report --out DIR`.")]
public sealed class SweepOptions : FigureSizeOptions
{
    [Value(0, MetaName = "action", Default = "run", HelpText = "run (default) | status | aggregate | report (aggregate, then aggregate/report.html).")]
    public string Action { get; set; } = "run";

    [Option("spec", HelpText = "run: the study's JSON spec (status: default the copy in --out).")]
    public string? Spec { get; set; }

    [Option("out", Required = true, HelpText = "The sweep directory: runs/<id>/ per run, aggregate/ for the tables and figures.")]
    public string Out { get; set; } = "";

    [Option("jobs", Default = 1, HelpText = "run: runs at a time in this process.")]
    public int Jobs { get; set; }

    [Option("shard", HelpText = "run: only the I-th of N disjoint parts, I/N with 0 <= I < N (for job arrays).")]
    public string? Shard { get; set; }

    [Option("dry-run", HelpText = "run: print the runs (ids, data set, method, seed, state) and stop.")]
    public bool DryRun { get; set; }

    [Option("device", HelpText = "run: overrides the spec's device (auto | cuda | opencl | cpu | ilgpu-cpu).")]
    public string? Device { get; set; }

    [Option("threads", Default = 0, HelpText = "run: CPU threads per run (0: the cores shared among --jobs).")]
    public int Threads { get; set; }

    [Option("data-dir", HelpText = "Data directory (default: $SPARSEGPU_DATA, else the per-user cache).")]
    public string? DataDir { get; set; }

    [Option("claims", HelpText = "report: a Markdown file; the report shows its section headed with \"claims\" (or all of it). Default: DIR/claims.md if present.")]
    public string? Claims { get; set; }

    [Option("no-download", HelpText = "run: never download.")]
    public bool NoDownload { get; set; }
}
