#!/usr/bin/env python3
"""Applies the pre-registered criteria of CRITERIA.md to the aggregated protocol study.

Usage: verdicts.py [RESULTS_DIR]   (default: results/ beside this file)
Reads RESULTS_DIR/<spec>/aggregate/{metrics,robustness,measures-by-setting}.csv of the specs that have been
aggregated (grid, long, topology, dense-default, dense-accuracy) and prints, per protocol cell, each claim's
verdict with the numbers it rests on, then the verdict across cells. Writes verdicts.csv beside this file; a spec
not aggregated under RESULTS_DIR keeps the rows it already has there.

Or: verdicts.py --sweep DIR --seeds N [--dense DIR --dense-seeds M] [--csv FILE]
judges one aggregated sweep (e.g. the paper study) the same way, one cell per data set and varied setting,
against the dense network of another sweep.
Standard library only: CI and a bare machine can run it.
"""
import argparse
import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVOLVING = ("rlr", "ch3l3")


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def mean_std(values):
    values = list(values)
    return statistics.fmean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


class Spec:
    """One aggregated spec: per run its cell (data set + varied settings), method, curve and robustness."""

    def __init__(self, directory, cell_settings):
        aggregate = directory / "aggregate"
        self.settings_of = {}
        varied = []
        measures = aggregate / "measures-by-setting.csv"
        if measures.exists():
            rows = read(measures)
            fixed = {"dataset", "method", "run", "measure", "value"}
            varied = [c for c in rows[0].keys() if c not in fixed] if rows else []
            for r in rows:
                self.settings_of[r["run"]] = tuple((name, r[name]) for name in varied)
        self.varied = varied
        self.cell_settings = cell_settings
        self.curves = defaultdict(dict)  # run -> epoch -> test accuracy
        self.runs = {}  # run -> (dataset, method, seed)
        for r in read(aggregate / "metrics.csv"):
            self.curves[r["run"]][int(r["epoch"])] = float(r["test_accuracy"])
            self.runs[r["run"]] = (r["dataset"], r["method"], int(r["seed"]))
        # run -> perturbation -> level -> [accuracy per repeat]
        self.robustness = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        robustness = aggregate / "robustness.csv"
        if robustness.exists():
            with open(robustness, newline="") as f:
                for r in csv.DictReader(f):
                    self.robustness[r["model"]][r["perturbation"]][float(r["level"])].append(float(r["accuracy"]))

    def cell_of(self, run):
        dataset = self.runs[run][0]
        return (dataset,) + self.settings_of.get(run, ()) + self.cell_settings

    def cells(self):
        by_cell = defaultdict(lambda: defaultdict(list))
        for run, (_, method, _) in self.runs.items():
            by_cell[self.cell_of(run)][method].append(run)
        return by_cell


def final_accuracy(spec, runs):
    return mean_std(100 * spec.curves[r][max(spec.curves[r])] for r in runs)


def mean_curve(spec, runs):
    epochs = sorted(set.intersection(*(set(spec.curves[r]) for r in runs)))
    return {e: statistics.fmean(100 * spec.curves[r][e] for r in runs) for e in epochs}


def level_accuracy(spec, run, perturbation, level):
    """The model's accuracy at a level, averaged over repeats first (CRITERIA: per model first)."""
    levels = spec.robustness[run][perturbation]
    for known, accuracies in levels.items():
        if abs(known - level) < 1e-9:
            return 100 * statistics.fmean(accuracies)
    return None


def mean_levels(spec, runs, perturbation):
    levels = sorted(set.intersection(*(set(spec.robustness[r][perturbation]) for r in runs)))
    return {lv: statistics.fmean(level_accuracy(spec, r, perturbation, lv) for r in runs) for lv in levels}


def claim2(spec, methods):
    rlr, ch3 = mean_curve(spec, methods["rlr"]), mean_curve(spec, methods["ch3l3"])
    after_update = [e for e in sorted(rlr) if e >= 2 and e in ch3]
    above = sum(ch3[e] > rlr[e] for e in after_update)
    target = rlr[max(rlr)]
    reach_rlr = min(e for e in rlr if rlr[e] >= target)
    reach_ch3 = next((e for e in sorted(ch3) if ch3[e] >= target), None)
    holds = above > len(after_update) / 2 and reach_ch3 is not None and reach_ch3 < reach_rlr
    reached = "never" if reach_ch3 is None else f"epoch {reach_ch3}"
    return holds, (
        f"CH3L3 above RLR at {above}/{len(after_update)} epochs; reaches RLR's final "
        f"{target:.2f}% at {reached} (RLR at {reach_rlr})"
    )


def claim3(spec, methods, perturbation):
    notes, holds = [], True
    for method in EVOLVING:
        curve = mean_levels(spec, methods[method], perturbation)
        base = curve[0.0]
        worst = min(curve[lv] / base for lv in curve if lv <= 0.5 + 1e-9)
        holds &= worst >= 0.9
        notes.append(f"{method.upper()} min {100 * worst:.1f}% of unperturbed up to 50%")
    return holds, "; ".join(notes)


def claim4(spec, methods):
    notes, holds = [], True
    for method, runs in sorted(methods.items()):
        curve = mean_levels(spec, runs, "weight-order")
        share = curve[0.1] / curve[0.0]
        holds &= share <= 0.5
        notes.append(f"{method} {100 * share:.0f}%")
    return holds, "left at 10% largest-first: " + ", ".join(notes)


def at08(spec, runs):
    return mean_std(level_accuracy(spec, r, "reverse-weight-order", 0.8) for r in runs)


def claim5a(spec, methods):
    runs = methods["rlr"]
    (value, std), base = at08(spec, runs), mean_levels(spec, runs, "reverse-weight-order")[0.0]
    share = 100 * value / base
    return value / base >= 0.9, f"RLR {value:.2f} ± {std:.2f}% at 80% removed ({share:.1f}% of unperturbed)"


def claim5b(spec, methods):
    (r, rs), (c, cs) = at08(spec, methods["rlr"]), at08(spec, methods["ch3l3"])
    return r - c > max(rs, cs), f"RLR {r:.2f} ± {rs:.2f} vs CH3L3 {c:.2f} ± {cs:.2f}"


def claim1(spec, methods, dense):
    if dense is None:
        return None, "no dense reference at this protocol"
    reference, _ = dense
    notes, holds = [], True
    for method in EVOLVING:
        value, _ = final_accuracy(spec, methods[method])
        holds &= reference - value <= 2.0
        notes.append(f"{method.upper()} {value:.2f}")
    return holds, f"dense {reference:.2f}; " + ", ".join(notes)


CLAIMS = ["1", "2", "3 random", "3 smallest-first", "4", "5a", "5b"]


def judge(spec, cell, methods, dense_of, seeds):
    complete = all(len(methods.get(m, [])) == seeds for m in EVOLVING)
    if not complete:
        return {c: (None, f"incomplete: {dict((m, len(r)) for m, r in methods.items())}") for c in CLAIMS}
    has_robustness = all(spec.robustness.get(r) for rs in methods.values() for r in rs)
    verdicts = {
        "1": claim1(spec, methods, dense_of(cell)),
        "2": claim2(spec, methods),
    }
    if has_robustness:
        verdicts["3 random"] = claim3(spec, methods, "random")
        verdicts["3 smallest-first"] = claim3(spec, methods, "reverse-weight-order")
        verdicts["4"] = claim4(spec, methods)
        verdicts["5a"] = claim5a(spec, methods)
        verdicts["5b"] = claim5b(spec, methods)
    return verdicts


def numeric(value):
    try:
        return float(value)
    except ValueError:
        return value


def cell_order(cell):
    return (cell[0],) + tuple(numeric(v) for _, v in cell[1:])


def separating_setting(judged):
    """The one setting whose value alone decides the verdict, per data set if not across them: e.g.
    "weight_decay >= 5e-4". None when no single setting does."""

    def separates(cells):
        names = [k for k, _ in cells[0][0][1:]]
        found = []
        for index, name in enumerate(names, start=1):
            outcome = {}
            if all(outcome.setdefault(c[index][1], h) == h for c, h in cells):
                values = sorted(outcome, key=numeric)
                held = [v for v in values if outcome[v]]
                if held and len(held) < len(values):
                    if values[-len(held):] == held:
                        found.append(f"{name} >= {held[0]}")
                    elif values[: len(held)] == held:
                        found.append(f"{name} <= {held[-1]}")
                    else:
                        found.append(f"{name} in {{{', '.join(held)}}}")
        return found

    if len(judged[0][0]) < 2:
        return None
    overall = separates(judged)
    if overall:
        return " or ".join(overall)
    per_dataset = []
    for dataset in sorted({c[0] for c, _ in judged}):
        cells = [(c, h) for c, h in judged if c[0] == dataset]
        held = [h for _, h in cells]
        found = separates(cells) if 0 < sum(held) < len(held) else None
        if all(held):
            per_dataset.append(f"{dataset}: every cell")
        elif not any(held):
            per_dataset.append(f"{dataset}: no cell")
        elif found:
            per_dataset.append(f"{dataset}: {' or '.join(found)}")
        else:
            return None
    return "; ".join(per_dataset)


def describe(cell):
    return ", ".join([cell[0]] + [f"{k}={v}" for k, v in cell[1:]])


def dense_references(results, dense_seeds):
    """(data set, protocol) -> mean ± std final accuracy of the dense specs that have finished."""
    dense = {}
    for name, protocol in (
        ("dense-default", (("learning_rate", "0.025"), ("weight_decay", "5e-4"))),
        ("dense-accuracy", (("learning_rate", "0.05"), ("weight_decay", "1e-5"))),
    ):
        if (results / name / "aggregate" / "metrics.csv").exists():
            spec = Spec(results / name, ())
            for (dataset,), methods in spec.cells().items():
                if len(methods["none"]) >= dense_seeds:
                    dense[(dataset, protocol)] = final_accuracy(spec, methods["none"])
    return dense


def report(name, spec, dense_of, seeds, rows, claims=tuple(CLAIMS)):
    """Prints and collects the verdicts of one spec; claims not in `claims` are not judged there (CRITERIA.md:
    the long protocol has no dense reference, the topology cells judge claims 2, 3, 5a and 5b)."""
    print(f"## {name}\n\n| cell | " + " | ".join(CLAIMS) + " |\n|---|" + "---|" * len(CLAIMS))
    by_claim = defaultdict(list)
    for cell, methods in sorted(spec.cells().items(), key=lambda item: cell_order(item[0])):
        verdicts = judge(spec, cell, methods, dense_of, seeds)
        marks = []
        for claim in CLAIMS:
            holds, note = verdicts.get(claim, (None, "not measured")) if claim in claims else (None, "not judged here")
            mark = "–" if holds is None else ("holds" if holds else "fails")
            marks.append(mark)
            rows.append({"spec": name, "cell": describe(cell), "claim": claim, "verdict": mark, "numbers": note})
            if holds is not None:
                by_claim[claim].append((cell, holds))
        print(f"| {describe(cell)} | " + " | ".join(marks) + " |")
    print("\nAcross cells:")
    for claim in CLAIMS:
        judged = by_claim[claim]
        held = [c for c, h in judged if h]
        if not judged:
            verdict = "not judged"
        elif len(held) == len(judged):
            verdict = f"holds under every protocol ({len(judged)} cells)"
        elif not held:
            verdict = f"fails under every protocol ({len(judged)} cells)"
        else:
            separated = separating_setting(judged)
            verdict = f"protocol-dependent: holds in {len(held)} of {len(judged)} cells; " + (
                f"separated by {separated}"
                if separated
                else "no single setting separates them; holds in: " + "; ".join(describe(c) for c in held)
            )
        print(f"- claim {claim}: {verdict}")
    print()


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["spec", "cell", "claim", "verdict", "numbers"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", type=Path, default=HERE / "results")
    parser.add_argument("--sweep", type=Path, help="judge this one aggregated sweep instead")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per method a cell must have")
    parser.add_argument("--dense", type=Path, help="with --sweep: a sweep of the dense network (method none)")
    parser.add_argument("--dense-seeds", type=int, default=3, help="seeds the dense reference must have")
    parser.add_argument("--csv", type=Path, help="where the verdicts go (default: verdicts.csv beside this file)")
    args = parser.parse_args()
    rows = []
    if args.sweep:
        spec = Spec(args.sweep, ())
        dense = {}
        if args.dense:
            reference = Spec(args.dense, ())
            for (dataset,), methods in reference.cells().items():
                if len(methods.get("none", [])) >= args.dense_seeds:
                    dense[dataset] = final_accuracy(reference, methods["none"])
        report(args.sweep.name, spec, lambda cell: dense.get(cell[0]), args.seeds, rows)
        write_csv(args.csv or HERE / "verdicts.csv", rows)
        return
    dense = dense_references(args.results, args.dense_seeds)

    def dense_of(cell):
        dataset, settings = cell[0], dict(cell[1:])
        key = (("learning_rate", settings.get("learning_rate")), ("weight_decay", settings.get("weight_decay")))
        return dense.get((dataset, key))

    without_dense = [c for c in CLAIMS if c != "1"]
    specs = (
        ("grid", (), CLAIMS),
        ("long", (("epochs", "100"), ("learning_rate", "0.025"), ("weight_decay", "5e-4")), without_dense),
        ("topology", (), ["2", "3 random", "3 smallest-first", "5a", "5b"]),
    )
    target = args.csv or HERE / "verdicts.csv"
    # A spec aggregated elsewhere or in an earlier sitting keeps the rows it has in the CSV: the specs run at
    # different times, and results/ (git-ignored) holds only what this machine ran.
    earlier = read(target) if target.exists() else []
    for name, fixed, claims in specs:
        if not (args.results / name / "aggregate" / "metrics.csv").exists():
            kept = [r for r in earlier if r["spec"] == name]
            print(f"## {name}: not aggregated here; its {len(kept)} rows in {target.name} are kept\n")
            rows.extend(kept)
            continue
        report(name, Spec(args.results / name, fixed), dense_of, args.seeds, rows, claims)
    write_csv(target, rows)


if __name__ == "__main__":
    main()
