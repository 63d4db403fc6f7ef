using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SparseGpu.Common;
using SparseGpu.Runs;

namespace SparseGpu.Sweeps;

/// <summary>
/// `sparsegpu sweep report`: one self-contained HTML page (aggregate/report.html) with the spec, the accuracy and
/// robustness tables, the claims table when the study has one, its verdicts with their intervals and tests when it
/// has a verdicts.csv (<see cref="VerdictTable"/>), every figure of aggregate/ embedded as base64
/// PNG (multi-panel robustness grids stand for their single panels), the program version and the machine. A small
/// inline script marks the page once every figure has decoded (html[data-figures="loaded N"]), so a headless
/// browser can check it.
/// </summary>
public static class SweepReport
{
    public const string FileName = "report.html";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="claims">A Markdown file whose claims section (or whole text) becomes the claims table; null: the
    /// sweep directory's claims.md when there is one.</param>
    /// <param name="verdicts">A verdicts.csv of experiments/protocol-sensitivity/verdicts.py; null: the sweep
    /// directory's verdicts.csv when there is one.</param>
    /// <returns>The page written.</returns>
    public static string Write(string sweepDirectory, SweepAggregate aggregate, string? claims, string? verdicts = null)
    {
        string specPath = Path.Combine(sweepDirectory, SweepSpecCopy.FileName);
        string spec = File.Exists(specPath)
            ? InputFile.ReadAllText(specPath, "sweep spec")
            : "(no sweep.json in the sweep directory)";
        string name =
            TryName(spec) ?? Path.GetFileName(Path.GetFullPath(sweepDirectory).TrimEnd(Path.DirectorySeparatorChar));
        string? claimsFile =
            claims
            ?? (
                File.Exists(Path.Combine(sweepDirectory, "claims.md"))
                    ? Path.Combine(sweepDirectory, "claims.md")
                    : null
            );
        string? claimsMarkdown = claimsFile is null
            ? null
            : MarkdownHtml.ClaimsSection(InputFile.ReadAllText(claimsFile, "claims file"));

        string? verdictsFile =
            verdicts
            ?? (
                File.Exists(Path.Combine(sweepDirectory, VerdictTable.FileName))
                    ? Path.Combine(sweepDirectory, VerdictTable.FileName)
                    : null
            );
        string? verdictsHtml = verdictsFile is null ? null : VerdictTable.ToHtml(verdictsFile);

        string counts =
            $"{aggregate.Runs.Count} complete runs, {aggregate.Robustness.Count} robustness evaluations"
            + Incomplete(aggregate);
        string written = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", Invariant);
        var html = new StringBuilder();
        html.Append(
            $$"""
            <!DOCTYPE html>
            <html lang="en" data-figures="pending">
            <head>
            <meta charset="utf-8">
            <title>{{E(name)}}: SparseGpu study report</title>
            <style>
            body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #222; }
            body { margin: 2em auto; max-width: 1500px; padding: 0 1em; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
            th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            th { background: #eef2f7; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
            figure { margin: 1.5em 0; }
            figure img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 0.85em; color: #555; }
            td.open { background: #fff3cd; font-weight: bold; }
            </style>
            </head>
            <body>
            <h1>{{E(name)}}</h1>
            <p>{{counts}}.
            Report written {{written}} UTC by {{E(ProgramInfo.Name)}} {{E(ProgramInfo.Version)}}.</p>

            """
        );
        html.Append("<h2>Machine</h2>\n").Append(Machine(aggregate));
        html.Append("<h2>Accuracy</h2>\n").Append(AccuracyTable(aggregate));
        if (aggregate.RobustnessByMethod.Count > 0)
            html.Append("<h2>Robustness</h2>\n").Append(RobustnessTable(aggregate));
        if (claimsMarkdown is not null)
            html.Append("<h2>Claims</h2>\n")
                .Append($"<p><small>from {E(Path.GetFileName(claimsFile!))}</small></p>\n")
                .Append(MarkdownHtml.ToHtml(claimsMarkdown));
        if (verdictsHtml is not null)
            html.Append("<h2>Verdicts</h2>\n")
                .Append($"<p><small>from {E(Path.GetFileName(verdictsFile!))}</small></p>\n")
                .Append(verdictsHtml);
        html.Append("<h2>Figures</h2>\n");
        foreach (string figure in Figures(aggregate.Directory))
        {
            string relative = Path.GetRelativePath(aggregate.Directory, figure).Replace('\\', '/');
            string png = Convert.ToBase64String(InputFile.ReadAllBytes(figure, "figure"));
            html.Append(
                $"<figure><img alt=\"{E(relative)}\" "
                    + $"src=\"data:image/png;base64,{png}\">"
                    + $"<figcaption>{E(relative)} (its numbers: "
                    + $"{E(FigureCsv.Of(relative))})</figcaption></figure>\n"
            );
        }
        html.Append($"<h2>Spec</h2>\n<pre>{E(spec)}</pre>\n");
        html.Append(
            """
            <script>
            // Marks the page once every figure has decoded, for headless checks: data-figures="loaded N" or "broken K
            // of N".
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.images);
              var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).length;
              document.documentElement.setAttribute('data-figures',
                broken === 0 ? 'loaded ' + images.length : 'broken ' + broken + ' of ' + images.length);
            });
            </script>
            </body>
            </html>

            """
        );
        string path = Path.Combine(aggregate.Directory, FileName);
        AtomicFile.WriteAllText(path, html.ToString());
        return path;
    }

    /// <summary>Every PNG of aggregate/ (training, settings, ...), every structure figure of its structure-DATASET/
    /// folders, and the robustness grids of its other sub-folders; the single-perturbation panels are left out
    /// because each grid already shows them.</summary>
    public static List<string> Figures(string aggregateDirectory) =>
        Directory
            .GetFiles(aggregateDirectory, "*.png")
            .Order(StringComparer.Ordinal)
            .Concat(
                Directory
                    .GetDirectories(aggregateDirectory)
                    .Order(StringComparer.Ordinal)
                    .SelectMany(d =>
                        Directory
                            .GetFiles(d, "*.png")
                            .Where(f =>
                                Path.GetFileName(d).StartsWith("structure-", StringComparison.Ordinal)
                                || Path.GetFileName(f).Contains("grid", StringComparison.Ordinal)
                            )
                            .Order(StringComparer.Ordinal)
                    )
            )
            .ToList();

    private static string Machine(SweepAggregate aggregate)
    {
        var devices = new SortedSet<string>(StringComparer.Ordinal);
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (RunHistory run in aggregate.Runs)
        {
            string config = Path.Combine(
                Path.GetDirectoryName(aggregate.Directory)!,
                RunLayout.SweepRuns,
                run.Name,
                RunLayout.Config
            );
            try
            {
                using JsonDocument document = JsonDocument.Parse(InputFile.ReadAllBytes(config, "run configuration"));
                if (document.RootElement.TryGetProperty("device_description", out JsonElement d))
                    devices.Add(d.ToString());
                if (document.RootElement.TryGetProperty("program_version", out JsonElement v))
                    versions.Add(v.ToString());
            }
            catch (Exception e)
                when (e is IOException or JsonException or UnauthorizedAccessException or SparseGpuException)
            {
                devices.Add($"(unreadable {run.Name}/config.json)");
            }
        }
        var rows = new List<(string, string)>
        {
            ("runs trained on", string.Join("; ", devices)),
            ("runs written by", string.Join("; ", versions.Select(v => $"{ProgramInfo.Name} {v}"))),
            (
                "report made on",
                $"{Environment.MachineName}: {MachineDescription.CpuAndCores()}, "
                    + $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}"
            ),
        };
        return "<table>\n"
            + string.Concat(rows.Select(r => $"<tr><th>{E(r.Item1)}</th><td>{E(r.Item2)}</td></tr>\n"))
            + "</table>\n";
    }

    private static string AccuracyTable(SweepAggregate a)
    {
        var html = new StringBuilder(
            "<table>\n<tr><th>data set</th><th>method</th><th>runs</th><th>final test accuracy (%)</th>"
                + "<th>epochs to 95% of final</th><th>epochs to 99% of final</th></tr>\n"
        );
        foreach (AccuracyRow r in a.Accuracy)
            html.Append(
                $"<tr><td>{E(r.Dataset)}</td><td>{E(r.Method)}</td><td class=\"n\">{r.Runs}</td><td "
                    + $"class=\"n\">{P(r.FinalAccuracy)}</td>"
                    + $"<td class=\"n\">{Epochs(r.EpochsTo95Percent)}</td><td "
                    + $"class=\"n\">{Epochs(r.EpochsTo99Percent)}</td></tr>\n"
            );
        return html.Append("</table>\n").ToString();
    }

    private static string RobustnessTable(SweepAggregate a)
    {
        var html = new StringBuilder(
            "<table>\n<tr><th>data set</th><th>method</th><th>perturbation</th><th>models</th>"
                + "<th>unperturbed accuracy (%)</th><th>AUC (%)</th><th>level halving accuracy</th><th>accuracy at "
                + "level 0.8 (%)</th></tr>\n"
        );
        foreach (RobustnessMethodRow r in a.RobustnessByMethod)
        {
            string halving =
                (
                    r.LevelBelow50Percent.Count == 0
                        ? "never"
                        : string.Create(
                            Invariant,
                            $"{r.LevelBelow50Percent.Mean:0.###} ± {r.LevelBelow50Percent.Std:0.###}"
                        )
                )
                + (
                    r.NeverBelow50Percent > 0 && r.LevelBelow50Percent.Count > 0
                        ? $" ({r.NeverBelow50Percent} never)"
                        : ""
                );
            html.Append(
                $"<tr><td>{E(r.Dataset)}</td><td>{E(r.Method)}</td><td>{E(r.Perturbation)}</td><td "
                    + $"class=\"n\">{r.Models}</td>"
                    + $"<td class=\"n\">{P(r.UnperturbedAccuracy)}</td><td "
                    + $"class=\"n\">{P(r.AreaUnderCurve)}</td><td class=\"n\">{E(halving)}</td>"
                    + $"<td class=\"n\">{P(r.AccuracyAt08)}</td></tr>\n"
            );
        }
        return html.Append("</table>\n").ToString();
    }

    private static string Incomplete(SweepAggregate a) =>
        a.IncompleteRuns > 0 ? $"; {a.IncompleteRuns} incomplete runs left out" : "";

    private static string P(MeanStd m) =>
        m.Count == 0 ? "–" : string.Create(Invariant, $"{100 * m.Mean:F2} ± {100 * m.Std:F2}");

    private static string Epochs(MeanStd m) =>
        m.Count == 0 ? "–" : string.Create(Invariant, $"{m.Mean:0.#} ± {m.Std:0.#}");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string? TryName(string spec)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(
                spec,
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }
            );
            return document.RootElement.TryGetProperty("name", out JsonElement n) ? n.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
