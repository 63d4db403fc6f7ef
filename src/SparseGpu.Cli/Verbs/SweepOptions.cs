using CommandLine;
using SparseGpu.Cli.Arguments;

namespace SparseGpu.Cli.Verbs;

[Verb(
    "sweep",
    HelpText = "A whole study from a JSON spec (data sets × methods × seeds, each model then swept): run it "
        + "resumably and in shards, check its state, aggregate it, report it."
)]
[SubVerb(
    "run",
    "Run the spec's runs (or continue them): complete runs are skipped, interrupted ones resume.",
    Needs = "spec"
)]
[SubVerb("status", "Done / running / failed / pending, per run.")]
[SubVerb("aggregate", "Tables and figures of every complete run, into OUT/aggregate/.")]
[SubVerb(
    "report",
    "Aggregate, then write OUT/aggregate/report.html: one self-contained page with the tables, figures and spec."
)]
[Example(
    "sparsegpu sweep --spec experiments/paper-study/quick.json --out results/quick --jobs 2",
    "Run (or continue) a study, two runs at a time."
)]
[Example(
    "sparsegpu sweep run --spec full.json --out /shared/study --shard 3/20",
    "One part of 20, for job arrays: shards are disjoint and cover the spec."
)]
[Example(
    "sparsegpu sweep --spec full.json --out results/full --device cuda --pack 16",
    "Sixteen runs per set of kernel launches on a GPU."
)]
[Example("sparsegpu sweep --spec full.json --out results/full --dry-run", "List the runs and their state.")]
[Example("sparsegpu sweep status --out results/quick", "What is done, running, failed and pending.")]
[Example(
    "sparsegpu sweep status --out results/quick --spec experiments/paper-study/quick.json",
    "The same, against another copy of the spec."
)]
[Example("sparsegpu sweep aggregate --out results/quick", "The accuracy and robustness tables and figures.")]
[Example(
    "sparsegpu sweep aggregate --out results/quick --dpi 192 --svg",
    "The same at print resolution, with SVG copies."
)]
[Example(
    "sparsegpu sweep report --out results/full --claims experiments/paper-study/RESULTS.md",
    "One HTML page with the study's tables, figures and claims."
)]
[Example("sparsegpu sweep report --out results/quick --dpi 192", "The same page with figures at print resolution.")]
public sealed class SweepOptions : FigureSizeOptions
{
    [Value(0, MetaName = "sub-verb", Default = "run", HelpText = "run | status | aggregate | report.")]
    public string Action { get; set; } = "run";

    [Option("spec", MetaValue = "FILE", HelpText = "The study's JSON spec.")]
    [AppliesTo("run", "status"), DefaultText("status: the copy in --out")]
    public string? Spec { get; set; }

    [SharedOption(
        "out",
        HelpText = "The sweep directory: runs/<id>/ per run, aggregate/ for the tables and figures.",
        Required = true
    )]
    public string Out { get; set; } = "";

    [Option("jobs", MetaValue = "N", Default = 1, HelpText = "Runs at a time in this process.")]
    [AppliesTo("run")]
    public int Jobs { get; set; }

    [Option(
        "pack",
        MetaValue = "K",
        HelpText = "Train up to K runs at a time packed into the same kernel launches, bit for bit as alone: runs of "
            + "one data set and start that differ only in method and seed (others go into other packs); on an "
            + "ILGPU device (cuda, opencl, ilgpu-cpu), on the fast CPU path one after another. Each run keeps its "
            + "own folder; --jobs packs at a time."
    )]
    [AppliesTo("run"), DefaultText("the spec's pack, else 1")]
    public int? Pack { get; set; }

    [Option("shard", MetaValue = "I/N", HelpText = "Only the I-th of N disjoint parts, 0 <= I < N (for job arrays).")]
    [AppliesTo("run")]
    public string? Shard { get; set; }

    [Option("dry-run", HelpText = "Print the runs (ids, data set, method, seed, state) and stop.")]
    [AppliesTo("run")]
    public bool DryRun { get; set; }

    [SharedOption("device")]
    [AppliesTo("run"), DefaultText("the spec's device")]
    public string? Device { get; set; }

    [SharedOption("threads", HelpText = "CPU threads per run (0: the cores shared among --jobs).")]
    [AppliesTo("run")]
    public int Threads { get; set; }

    [SharedOption("data-dir")]
    [AppliesTo("run")]
    public string? DataDir { get; set; }

    [Option(
        "claims",
        MetaValue = "FILE",
        HelpText = "report: a Markdown file; the report shows its section headed with \"claims\" (or all of it)."
    )]
    [AppliesTo("report")]
    [DefaultText("OUT/claims.md if present")]
    public string? Claims { get; set; }

    [Option(
        "verdicts",
        MetaValue = "FILE",
        HelpText = "report: a verdicts.csv of verdicts.py; the report shows each verdict with its intervals, test and "
            + "p-values, and marks those a test left unresolved."
    )]
    [AppliesTo("report")]
    [DefaultText("OUT/verdicts.csv if present")]
    public string? Verdicts { get; set; }

    [SharedOption("no-download")]
    [AppliesTo("run")]
    public bool NoDownload { get; set; }

    [Option("force", HelpText = "run: replace the sweep.json of another spec in --out (its runs no longer count).")]
    public bool Force { get; set; }

    [SharedOption("progress-every")]
    [AppliesTo("run")]
    public double? ProgressEvery { get; set; }
}
