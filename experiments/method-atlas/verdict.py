"""The method atlas's verdicts (CRITERIA.md) from models.csv alone, so they can be recomputed from the committed
table.

Usage: verdict.py models.csv [figure.png]
Writes beside models.csv:
  methods.csv  per data set, outcome and method: n, mean, 95% t interval
  pairs.csv    per data set, outcome and pair of methods: difference of means (a - b), its 95% Welch interval,
               Welch's p, Holm's p over the pairs of that data set and outcome, and which is more X (or not resolved)
  answers.csv  per data set and outcome: the most-X method, or "no single method" with the top group; and whether
               the answer holds across data sets
  q4.csv       per data set, measure and outcome over the sparse models: Spearman rho, its bootstrap interval, p,
               Holm's p over the 24 pairs, the within-method rho and its interval, and the verdict
  summary.md   the same as tables to read, generated (never edited by hand); headed INTERIM while any of the
               design's 7 methods or 2 data sets is missing, since Holm's correction then runs over fewer pairs
Prints one line per answer. Needs numpy and scipy (matplotlib for the figure).
"""
import csv
import itertools
import os
import sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from verdict_tests import holm, welch_samples  # noqa: E402

OUTCOMES = {
    "q1_compressibility": "compressible",
    "q2_random_tolerance": "tolerant of random failure",
    "q3_link_fragility": "fragile to largest-|w|-first link removal",
    "q3_neuron_fragility": "fragile to the in-degree neuron attack",
}
MEASURES = [
    "in_degree_gini_layer1",
    "in_degree_gini_mean",
    "pixels_connected_fraction",
    "log10_paths",
    "hidden_on_path_fraction",
    "weighted_efficiency",
]
METHOD_ORDER = ["rlr", "set", "rigl", "ch3l3", "chts", "static", "dense"]
COLOURS = {"rlr": "#1f77b4", "set": "#2ca02c", "rigl": "#9467bd", "ch3l3": "#ff7f0e", "chts": "#8c564b",
           "static": "#555555", "dense": "#d62728"}  # the methods' colours in the program's figures
ALPHA = 0.05
RESAMPLES = 10_000
SEED = 20261207


def t_interval(values):
    n = len(values)
    mean = float(np.mean(values))
    half = stats.t.ppf(0.975, n - 1) * np.std(values, ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half


def bootstrap_rho(x, y, rng):
    """The 95% percentile interval of Spearman's rho over RESAMPLES resamples of the pairs (vectorised: each row of
    the resample is ranked with average ranks, as spearmanr does, and correlated)."""
    n = len(x)
    i = rng.integers(0, n, (RESAMPLES, n))
    rx, ry = stats.rankdata(x[i], axis=1), stats.rankdata(y[i], axis=1)
    rx -= rx.mean(axis=1, keepdims=True)
    ry -= ry.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (rx * ry).sum(axis=1) / np.sqrt((rx * rx).sum(axis=1) * (ry * ry).sum(axis=1))
    rho = rho[np.isfinite(rho)]  # a resample without spread has no rho
    return np.percentile(rho, [2.5, 97.5])


def within_ranks(values, groups):
    """Each value's rank among the values of its group (average ranks for ties)."""
    ranks = np.empty(len(values))
    for g in set(groups):
        use = np.array([x == g for x in groups])
        ranks[use] = stats.rankdata(values[use])
    return ranks


def compare(rows, dataset, outcome):
    methods = [m for m in METHOD_ORDER if any(r["method"] == m and r["dataset"] == dataset for r in rows)]
    values = {
        m: np.array([float(r[outcome]) for r in rows if r["method"] == m and r["dataset"] == dataset]) for m in methods
    }
    summary = [(m, len(values[m]), *t_interval(values[m])) for m in methods]
    pairs = [(a, b, *welch_samples(values[a], values[b])) for a, b in itertools.combinations(methods, 2)]
    adjusted = holm([p[5] for p in pairs])
    beats = {m: set() for m in methods}
    pair_rows = []
    for (a, b, diff, low, high, p), p_holm in zip(pairs, adjusted):
        if p_holm < ALPHA:
            winner, loser = (a, b) if diff > 0 else (b, a)
            beats[winner].add(loser)
            verdict = f"{winner} more"
        else:
            verdict = "not resolved"
        pair_rows.append([dataset, outcome, a, b, diff, low, high, p, p_holm, verdict])
    best = [m for m in methods if beats[m] == set(methods) - {m}]
    if best:
        answer, group = best[0], [best[0]]
    else:
        top = max(methods, key=lambda m: values[m].mean())
        group = [top] + [m for m in methods if m != top and m not in beats[top]]
        answer = "no single method"
    return summary, pair_rows, answer, group, methods


def q4(rows, dataset, rng):
    sparse = [r for r in rows if r["dataset"] == dataset and r["method"] != "dense" and r[MEASURES[0]] != ""]
    if len(sparse) < 3:  # structure not analysed yet: no rank correlation to compute
        return []
    groups = [r["method"] for r in sparse]
    results = []
    for measure, outcome in itertools.product(MEASURES, OUTCOMES):
        x = np.array([float(r[measure]) for r in sparse])
        y = np.array([float(r[outcome]) for r in sparse])
        test = stats.spearmanr(x, y)
        low, high = bootstrap_rho(x, y, rng)
        wx, wy = within_ranks(x, groups), within_ranks(y, groups)
        within = stats.spearmanr(wx, wy).correlation
        wlow, whigh = bootstrap_rho(wx, wy, rng)
        results.append([dataset, measure, outcome, len(sparse), test.correlation, low, high, test.pvalue,
                        within, wlow, whigh])
    adjusted = holm([r[7] for r in results])
    out = []
    for r, p_holm in zip(results, adjusted):
        rho, low, high, within, wlow, whigh = r[4], r[5], r[6], r[8], r[9], r[10]
        predicts = abs(rho) >= 0.7 and (low > 0 or high < 0) and p_holm < ALPHA
        beyond = (
            predicts and np.sign(within) == np.sign(rho) and abs(within) >= 0.5 and (wlow > 0 or whigh < 0)
        )
        verdict = "predicts within methods" if beyond else ("predicts (identifies the method)" if predicts else
                                                              "does not predict")
        out.append(r[:8] + [p_holm] + r[8:] + [verdict])
    return out


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([repr(float(v)) if isinstance(v, (float, np.floating)) else v for v in row])


def write_summary(path, rows, datasets, method_rows, answer_rows, q4_rows):
    present = {(r["dataset"], r["method"]) for r in rows}
    complete = len(datasets) == 2 and all((d, m) in present for d in datasets for m in METHOD_ORDER)
    lines = ["# Method atlas: summary (generated by verdict.py from models.csv)", ""]
    if not complete:
        missing = [f"{m} on {d}" for d in ("mnist", "fashion-mnist") for m in METHOD_ORDER if (d, m) not in present]
        lines += [
            "**INTERIM, not the verdict:** the design's models are not all swept (missing: " + ", ".join(missing)
            + "). Holm's correction here runs over the pairs present, fewer than CRITERIA.md's 21, so a pair "
            "resolved here may not be resolved in the end; the verdict is the run over all 70 models.",
            "",
        ]
    for dataset in datasets:
        methods = [m for m in METHOD_ORDER if (dataset, m) in present]
        lines += [f"## {dataset}", "", "| outcome | " + " | ".join(methods) + " | answer (top group) |",
                  "|---" * (len(methods) + 2) + "|"]
        for outcome in OUTCOMES:
            cells = {r[2]: f"{r[4]:.3f} ({r[5]:.3f}–{r[6]:.3f})" for r in method_rows
                     if r[0] == dataset and r[1] == outcome}
            answer = next(a for a in answer_rows if a[0] == dataset and a[1] == outcome)
            label = OUTCOMES[outcome].replace("|", "\\|")  # a pipe inside a table cell ends the cell
            lines.append(f"| most {label} | " + " | ".join(cells[m] for m in methods)
                         + f" | {answer[3]} ({answer[4]}) |")
        lines += ["", "Means over seeds with 95% t intervals; the answer by CRITERIA.md's pairwise rule.", ""]
        predicting = [r for r in q4_rows if r[0] == dataset and r[-1] != "does not predict"]
        lines.append(
            "Q4: " + ("; ".join(f"{r[1]} → {r[2]}: ρ {r[4]:.2f}, {r[-1]}" for r in predicting)
                      if predicting else "no measure predicts an outcome by CRITERIA.md's rule")
            + (" (no structure measured yet)" if not any(r[0] == dataset for r in q4_rows) else "") + "."
        )
        lines.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main(path, figure=None):
    rows = list(csv.DictReader(open(path)))
    folder = os.path.dirname(os.path.abspath(path))
    datasets = sorted({r["dataset"] for r in rows}, key=lambda d: (d != "mnist", d))
    method_rows, pair_rows, answer_rows, answers = [], [], [], {}
    for dataset, outcome in itertools.product(datasets, OUTCOMES):
        summary, pairs, answer, group, methods = compare(rows, dataset, outcome)
        method_rows += [[dataset, outcome, *s] for s in summary]
        pair_rows += pairs
        answers[(dataset, outcome)] = (answer, group)
        answer_rows.append([dataset, outcome, len(methods), answer, " ".join(group)])
    for outcome in OUTCOMES:
        same = len({answers[(d, outcome)][0] for d in datasets}) == 1 and answers[(datasets[0], outcome)][0] != (
            "no single method"
        )
        complete = len(datasets) == 2
        across = "yes" if same and complete else ("no" if complete else "one data set only")
        for row in answer_rows:
            if row[1] == outcome:
                row.append(across)
    write(os.path.join(folder, "methods.csv"), ["dataset", "outcome", "method", "n", "mean", "ci95_low",
                                                   "ci95_high"], method_rows)
    write(os.path.join(folder, "pairs.csv"), ["dataset", "outcome", "method_a", "method_b", "difference",
                                                 "ci95_low", "ci95_high", "p_welch", "p_holm", "verdict"], pair_rows)
    write(os.path.join(folder, "answers.csv"), ["dataset", "outcome", "methods", "answer", "top_group",
                                                   "holds_across_datasets"], answer_rows)
    rng = np.random.default_rng(SEED)
    q4_rows = [r for d in datasets for r in q4(rows, d, rng)]
    write(os.path.join(folder, "q4.csv"), ["dataset", "measure", "outcome", "models", "spearman_rho", "ci95_low",
                                              "ci95_high", "p", "p_holm", "within_method_rho", "within_ci95_low",
                                              "within_ci95_high", "verdict"], q4_rows)
    write_summary(os.path.join(folder, "summary.md"), rows, datasets, method_rows, answer_rows, q4_rows)
    for dataset, outcome, n, answer, group, across in answer_rows:
        print(f"{dataset}, most {OUTCOMES[outcome]}: {answer} (top group: {group}; across data sets: {across})")
    for r in q4_rows:
        if r[-1] != "does not predict":
            print(f"{r[0]}: {r[1]} -> {r[2]}: rho {r[4]:.3f}, {r[-1]}")

    if figure:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(len(datasets), len(OUTCOMES), figsize=(4 * len(OUTCOMES), 3.4 * len(datasets)),
                                 dpi=120, squeeze=False)
        for (i, dataset), (j, outcome) in itertools.product(enumerate(datasets), enumerate(OUTCOMES)):
            ax = axes[i][j]
            present = [m for m in METHOD_ORDER if any(r["method"] == m and r["dataset"] == dataset for r in rows)]
            for k, m in enumerate(present):
                y = [float(r[outcome]) for r in rows if r["method"] == m and r["dataset"] == dataset]
                ax.scatter([k] * len(y), y, s=12, alpha=0.7, c=COLOURS[m])
                mean, low, high = t_interval(np.array(y))
                ax.errorbar([k + 0.2], [mean], yerr=[[mean - low], [high - mean]], fmt="_k", capsize=3)
            ax.set_xticks(range(len(present)), present, rotation=45, fontsize=8)
            ax.set_title(f"{dataset}: {outcome}", fontsize=9)
            ax.grid(alpha=0.3)
        fig.suptitle("Method atlas: each model (dots) and the method's mean with its 95% t interval")
        fig.tight_layout()
        fig.savefig(figure)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
