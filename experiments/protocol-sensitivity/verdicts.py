#!/usr/bin/env python3
"""Applies the pre-registered criteria of CRITERIA.md to the aggregated protocol study.

Usage: verdicts.py [RESULTS_DIR]   (default: results/ beside this file)
Reads RESULTS_DIR/<spec>/aggregate/{metrics,robustness,measures-by-setting}.csv of the specs that have been
aggregated (grid, long, topology, dense-default, dense-accuracy) and prints, per protocol cell, each claim's
verdict with the numbers and the test it rests on, then the verdict across cells. Writes verdicts.csv beside this
file; a spec not aggregated under RESULTS_DIR keeps the rows it already has there.

Or: verdicts.py --committed
judges the committed tables beside this file (per-run measures of grid/ and topology/, the long protocol's and
the dense networks' means and stds) with the tests they allow; claims whose per-seed values are not committed
keep their threshold verdict from verdicts.csv and are "untested" where it is met.

Or: verdicts.py --sweep DIR --seeds N [--dense DIR --dense-seeds M] [--csv FILE]
judges one aggregated sweep (e.g. the paper study) the same way, one cell per data set and varied setting,
against the dense network of another sweep. With --summary the sweep DIR is a folder of committed tables
(accuracy.csv, robustness-methods.csv; --dense then a dense accuracy.csv) instead of an aggregated sweep.

The statistics (CRITERIA.md, amendment of 2026-12-06) are in seedstats.py: numpy and the standard library.
verdicts.csv's columns: README.md beside this file, "verdicts.csv".
"""
import argparse
import csv
import math
import statistics
from collections import defaultdict
from pathlib import Path

import seedstats
from seedstats import ALPHA, Group

HERE = Path(__file__).resolve().parent
EVOLVING = ("rlr", "ch3l3")
CLAIMS = ["1", "2", "3 random", "3 smallest-first", "4", "5a", "5b"]
ACROSS = "across cells"
FIELDS = [
    "spec",
    "cell",
    "claim",
    "verdict",
    "threshold_verdict",
    "numbers",
    "test",
    "seeds",
    "effect",
    "margin",
    "ci_t_low",
    "ci_t_high",
    "ci_bootstrap_low",
    "ci_bootstrap_high",
    "p_welch",
    "p_paired",
    "p",
    "p_holm",
    "holm_family",
    "seeds_needed",
    "sign_cells_for",
    "sign_cells",
    "p_sign",
]


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


def level_accuracy(spec, run, perturbation, level):
    """The model's accuracy at a level, averaged over repeats first (CRITERIA: per model first)."""
    levels = spec.robustness[run][perturbation]
    for known, accuracies in levels.items():
        if abs(known - level) < 1e-9:
            return 100 * statistics.fmean(accuracies)
    return None


class RunsCell:
    """A cell of an aggregated sweep: every value by seed."""

    def __init__(self, spec, methods):
        self.spec, self.methods = spec, methods

    def names(self):
        return sorted(self.methods)

    def seed(self, run):
        return self.spec.runs[run][2]

    def final(self, method):
        curves = self.spec.curves
        return Group({self.seed(r): 100 * curves[r][max(curves[r])] for r in self.methods[method]})

    def levels(self, method, perturbation):
        runs = self.methods[method]
        return sorted(set.intersection(*(set(self.spec.robustness[r][perturbation]) for r in runs)))

    def at(self, method, perturbation, level):
        runs = self.methods[method]
        return Group({self.seed(r): level_accuracy(self.spec, r, perturbation, level) for r in runs})

    def curves(self, method):
        return {self.seed(r): {e: 100 * a for e, a in self.spec.curves[r].items()} for r in self.methods[method]}


class MeasuresCell:
    """A cell of committed per-run measures (measures-by-setting.csv): final accuracy and accuracy at 80% by seed;
    the unperturbed accuracy is the final test accuracy."""

    MEASURES = {"final-accuracy": None, "accuracy-at-0.8-reverse-weight-order": ("reverse-weight-order", 0.8)}

    def __init__(self, values):
        self.values = values  # method -> measure -> seed -> value (percent)

    def names(self):
        return sorted(self.values)

    def final(self, method):
        return Group(self.values[method]["final-accuracy"])

    def at(self, method, perturbation, level):
        if perturbation == "reverse-weight-order" and abs(level - 0.8) < 1e-9:
            return Group(self.values[method]["accuracy-at-0.8-reverse-weight-order"])
        if abs(level) < 1e-9:
            return self.final(method)
        return None

    def levels(self, method, perturbation):
        return None

    def curves(self, method):
        return None


class SummaryCell:
    """A cell of committed per-method tables (accuracy.csv, robustness-methods.csv): means and stds only."""

    def __init__(self, accuracy, robustness):
        self.accuracy, self.robustness = accuracy, robustness  # method -> row; (method, perturbation) -> row

    def names(self):
        return sorted(self.accuracy)

    def final(self, method):
        r = self.accuracy[method]
        return summary_group(r, "final_test_accuracy", "runs")

    def at(self, method, perturbation, level):
        r = self.robustness.get((method, perturbation))
        if r is None:
            return None
        if abs(level - 0.8) < 1e-9:
            return summary_group(r, "accuracy_at_0.8", "models")
        if abs(level) < 1e-9:
            return summary_group(r, "unperturbed_accuracy", "models")
        return None

    def levels(self, method, perturbation):
        return None

    def curves(self, method):
        return None


def summary_group(row, measure, count):
    return Group(mean=100 * float(row[f"{measure}_mean"]), std=100 * float(row[f"{measure}_std"]), n=int(row[count]))


class Judgement:
    """A claim in one cell: whether its threshold is met, the numbers it rests on, and its test (a dict of the
    comparison, or None where the values the test needs are not there)."""

    def __init__(self, threshold, note, test=None):
        self.threshold, self.note, self.test = threshold, note, test


def difference_test(a, b, margin, pair, direction, label=""):
    """mean(a) − mean(b) against margin: Welch's t, and the paired t where both groups share their seeds (used
    when pair). direction +1: the claim is that the difference is above the margin, −1: below."""
    _, _, p_welch, ci_welch = seedstats.welch(a, b, margin)
    test = {"effect": a.mean - b.mean, "margin": margin, "p_welch": p_welch, "direction": direction}
    seeds = seedstats.shared_seeds(a, b)
    if pair and seeds:
        differences = [a.by_seed[s] - b.by_seed[s] for s in seeds]
        _, _, p, ci = seedstats.one_sample(differences, margin)
        test.update(
            test="paired t",
            seeds=len(seeds),
            p_paired=p,
            p=p,
            ci_t=ci,
            ci_bootstrap=seedstats.bootstrap_mean(differences),
            spread=seedstats.mean_std(differences)[1],
            paired=True,
        )
        return finish(test, label)
    single = a.n < 2 or b.n < 2
    known = a.by_seed is not None and b.by_seed is not None
    if single:  # one value on one side: a one-sample test, not Welch's
        test["p_welch"] = None
    test.update(
        test="one-sample t against the single reference" if single else "Welch t" + ("" if known else " (summary)"),
        seeds=min(a.n, b.n) if not single else max(a.n, b.n),
        p=p_welch,
        ci_t=ci_welch,
        ci_bootstrap=seedstats.bootstrap_difference(a.values(), b.values()) if known and not single else None,
        spread=(b if a.n < 2 else a).std if single else math.sqrt((a.std**2 + b.std**2) / 2),
        paired=single,
    )
    if pair and known and not single:
        test["test"] += " (seeds not shared)"
    return finish(test, label)


def ratio_test(values_by_seed, margin, direction, label=""):
    """The mean of per-seed ratios against margin: one-sample t."""
    values = [values_by_seed[s] for s in sorted(values_by_seed)]
    _, _, p, ci = seedstats.one_sample(values, margin)
    test = {
        "test": "one-sample t",
        "seeds": len(values),
        "effect": statistics.fmean(values),
        "margin": margin,
        "p": p,
        "ci_t": ci,
        "ci_bootstrap": seedstats.bootstrap_mean(values),
        "spread": seedstats.mean_std(values)[1],
        "paired": True,
        "direction": direction,
    }
    return finish(test, label)


def finish(test, label):
    if label:
        test["test"] = f"{test['test']} ({label})"
    test["signed_effect"] = test["direction"] * (test["effect"] - test["margin"])
    return test


def weakest(tests):
    """Of a claim's comparisons that must all hold: the one with the largest p (intersection-union test); its
    signed effect is the least favourable of them all."""
    chosen = dict(max(tests, key=lambda t: t["p"]))
    chosen["signed_effect"] = min(t["signed_effect"] for t in tests)
    return chosen


def ratios(cell, method, perturbation, level):
    at, base = cell.at(method, perturbation, level), cell.at(method, perturbation, 0.0)
    if at is None or base is None or at.by_seed is None or base.by_seed is None:
        return None
    return {s: at.by_seed[s] / base.by_seed[s] for s in at.by_seed}


def mean_curve(curves):
    epochs = sorted(set.intersection(*(set(c) for c in curves.values())))
    return {e: statistics.fmean(c[e] for c in curves.values()) for e in epochs}


def claim1(cell, dense):
    if dense is None:
        return Judgement(None, "no dense reference at this protocol")
    notes, holds, tests = [], True, []
    for method in EVOLVING:
        group = cell.final(method)
        holds &= dense.mean - group.mean <= 2.0
        notes.append(f"{method.upper()} {group.mean:.2f}")
        tests.append(difference_test(dense, group, 2.0, False, -1, method.upper()))
    return Judgement(holds, f"dense {dense.mean:.2f}; " + ", ".join(notes), weakest(tests))


def claim2(cell):
    curves_rlr, curves_ch3 = cell.curves("rlr"), cell.curves("ch3l3")
    if curves_rlr is None:
        return None
    rlr, ch3 = mean_curve(curves_rlr), mean_curve(curves_ch3)
    after_update = [e for e in sorted(rlr) if e >= 2 and e in ch3]
    above = sum(ch3[e] > rlr[e] for e in after_update)
    target = rlr[max(rlr)]
    reach_rlr = min(e for e in rlr if rlr[e] >= target)
    reach_ch3 = next((e for e in sorted(ch3) if ch3[e] >= target), None)
    holds = above > len(after_update) / 2 and reach_ch3 is not None and reach_ch3 < reach_rlr
    reached = "never" if reach_ch3 is None else f"epoch {reach_ch3}"

    def lead(curves):
        return Group({s: statistics.fmean(c[e] for e in after_update) for s, c in curves.items()})

    test = difference_test(lead(curves_ch3), lead(curves_rlr), 0.0, True, +1, "mean over epochs after the first update")
    return Judgement(
        holds,
        f"CH3L3 above RLR at {above}/{len(after_update)} epochs; reaches RLR's final "
        f"{target:.2f}% at {reached} (RLR at {reach_rlr})",
        test,
    )


def claim3(cell, perturbation):
    if cell.levels("rlr", perturbation) is None:
        return None
    notes, holds, tests = [], True, []
    for method in EVOLVING:
        curve = {lv: cell.at(method, perturbation, lv).mean for lv in cell.levels(method, perturbation)}
        base = curve[0.0]
        worst_level = min((lv for lv in curve if lv <= 0.5 + 1e-9), key=lambda lv: curve[lv] / base)
        worst = curve[worst_level] / base
        holds &= worst >= 0.9
        notes.append(f"{method.upper()} min {100 * worst:.1f}% of unperturbed up to 50%")
        label = f"{method.upper()} at {worst_level:g}"
        tests.append(ratio_test(ratios(cell, method, perturbation, worst_level), 0.9, +1, label))
    return Judgement(holds, "; ".join(notes), weakest(tests))


def claim4(cell):
    if cell.levels("rlr", "weight-order") is None:
        return None
    notes, holds, tests = [], True, []
    for method in cell.names():
        share = cell.at(method, "weight-order", 0.1).mean / cell.at(method, "weight-order", 0.0).mean
        holds &= share <= 0.5
        notes.append(f"{method} {100 * share:.0f}%")
        tests.append(ratio_test(ratios(cell, method, "weight-order", 0.1), 0.5, -1, method))
    return Judgement(holds, "left at 10% largest-first: " + ", ".join(notes), weakest(tests))


def claim5a(cell):
    at, base = cell.at("rlr", "reverse-weight-order", 0.8), cell.at("rlr", "reverse-weight-order", 0.0)
    share = 100 * at.mean / base.mean
    note = f"RLR {at.mean:.2f} ± {at.std:.2f}% at 80% removed ({share:.1f}% of unperturbed)"
    per_seed = ratios(cell, "rlr", "reverse-weight-order", 0.8)
    if per_seed is not None:
        return Judgement(at.mean / base.mean >= 0.9, note, ratio_test(per_seed, 0.9, +1))
    # Only means and stds: a − 0.9·u, with its std bounded by s_a + 0.9·s_u (CRITERIA: the covariance is unknown).
    effect, bound = at.mean - 0.9 * base.mean, at.std + 0.9 * base.std
    _, _, p, ci = seedstats.one_sample_from_summary(effect, bound, at.n, 0.0)
    test = {
        "test": "one-sample t of a - 0.9u, std bound (summary)",
        "seeds": at.n,
        "effect": effect,
        "margin": 0.0,
        "p": p,
        "ci_t": ci,
        "ci_bootstrap": None,
        "spread": bound,
        "paired": True,
        "direction": +1,
    }
    return Judgement(at.mean / base.mean >= 0.9, note, finish(test, ""))


def claim5b(cell):
    rlr, ch3 = cell.at("rlr", "reverse-weight-order", 0.8), cell.at("ch3l3", "reverse-weight-order", 0.8)
    return Judgement(
        rlr.mean - ch3.mean > max(rlr.std, ch3.std),
        f"RLR {rlr.mean:.2f} ± {rlr.std:.2f} vs CH3L3 {ch3.mean:.2f} ± {ch3.std:.2f}",
        difference_test(rlr, ch3, 0.0, True, +1),
    )


def judge(cell, dense, robustness=True):
    """Every claim this cell's data can judge; a claim whose values are not there is left out (None)."""
    verdicts = {"1": claim1(cell, dense), "2": claim2(cell)}
    if robustness:
        verdicts["3 random"] = claim3(cell, "random")
        verdicts["3 smallest-first"] = claim3(cell, "reverse-weight-order")
        verdicts["4"] = claim4(cell)
        verdicts["5a"] = claim5a(cell)
        verdicts["5b"] = claim5b(cell)
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
                    if values[-len(held) :] == held:
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


def parse_cell(text):
    dataset, *settings = text.split(", ")
    return (dataset,) + tuple(tuple(s.split("=", 1)) for s in settings)


def threshold_mark(holds):
    return "–" if holds is None else ("holds" if holds else "fails")


def new_verdict(threshold, test, p_holm, family):
    """CRITERIA.md, amendment of 2026-12-06."""
    if threshold is None:
        return "–", None
    if not threshold:
        return "fails", None
    if test is None:
        return "untested", None
    if p_holm < ALPHA:
        return "holds", None
    needed = seedstats.seeds_needed(test["effect"] - test["margin"], test["spread"], ALPHA / family, test["paired"])
    wanted = "> 1000" if needed is None else str(needed)
    return f"not resolved at n = {test['seeds']} (n = {wanted} needed)", needed


def number(value):
    """Ten significant digits: the check against scipy.stats compares to 1e-6."""
    return "" if value is None else f"{value:.10g}"


def test_columns(test):
    if test is None:
        return {}
    ci_t, ci_b = test["ci_t"], test.get("ci_bootstrap") or (None, None)
    return {
        "test": test["test"],
        "seeds": test["seeds"],
        "effect": number(test["effect"]),
        "margin": number(test["margin"]),
        "ci_t_low": number(ci_t[0]),
        "ci_t_high": number(ci_t[1]),
        "ci_bootstrap_low": number(ci_b[0]),
        "ci_bootstrap_high": number(ci_b[1]),
        "p_welch": number(test.get("p_welch")),
        "p_paired": number(test.get("p_paired")),
        "p": number(test["p"]),
    }


def report(name, judged, rows, claims=tuple(CLAIMS)):
    """Prints and collects the verdicts of one spec. `judged`: [(cell, {claim: Judgement or (mark, note) carried
    from earlier rows})]; claims not in `claims` are not judged there (CRITERIA.md: the long protocol has no dense
    reference, the topology cells judge claims 2, 3, 5a and 5b)."""
    family = {}
    for claim in CLAIMS:
        tests = [(i, v[claim].test) for i, (_, v) in enumerate(judged) if isinstance(v.get(claim), Judgement)]
        tests = [(i, t) for i, t in tests if t is not None and claim in claims]
        adjusted = seedstats.holm([t["p"] for _, t in tests])
        family[claim] = {i: (p, len(tests)) for (i, _), p in zip(tests, adjusted)}
    print(f"## {name}\n\n| cell | " + " | ".join(CLAIMS) + " |\n|---|" + "---|" * len(CLAIMS))
    by_claim = defaultdict(list)
    for index, (cell, verdicts) in enumerate(judged):
        marks = []
        for claim in CLAIMS:
            judgement = verdicts.get(claim) if claim in claims else Judgement(None, "not judged here")
            if judgement is None:
                judgement = Judgement(None, "not measured")
            if isinstance(judgement, tuple):  # carried from an earlier sitting: threshold verdict and numbers
                mark, note = judgement
                judgement = Judgement({"holds": True, "fails": False}.get(mark), note)
            p_holm, size = family[claim].get(index, (None, 0))
            verdict, needed = new_verdict(judgement.threshold, judgement.test, p_holm, size)
            row = {
                "spec": name,
                "cell": describe(cell),
                "claim": claim,
                "verdict": verdict,
                "threshold_verdict": threshold_mark(judgement.threshold),
                "numbers": judgement.note,
                **test_columns(judgement.test),
                "p_holm": number(p_holm),
                "holm_family": size or "",
                "seeds_needed": "" if needed is None else needed,
            }
            rows.append(row)
            before = row["threshold_verdict"]
            marks.append(verdict if verdict == before else f"{before} → {verdict}")
            if judgement.threshold is not None:
                signed = judgement.test["signed_effect"] if judgement.test else None
                by_claim[claim].append((cell, verdict, signed))
        print(f"| {describe(cell)} | " + " | ".join(marks) + " |")
    print("\nAcross cells:")
    for claim in CLAIMS:
        judged_cells = by_claim[claim]
        verdict, sign = across(judged_cells)
        row = {"spec": name, "cell": ACROSS, "claim": claim, "verdict": verdict, **sign}
        if judged_cells:
            rows.append(row)
        print(f"- claim {claim}: {verdict}" + (f" (sign test p = {sign['p_sign']})" if sign else ""))
    print()


def across(judged):
    """The verdict across cells (CRITERIA.md) and the stratified sign test of the cells' effects."""
    if not judged:
        return "not judged", {}
    held = [c for c, v, _ in judged if v == "holds"]
    failed = sum(v == "fails" for _, v, _ in judged)
    unresolved = sum(v.startswith("not resolved") for _, v, _ in judged)
    untested = sum(v == "untested" for _, v, _ in judged)
    if len(held) == len(judged):
        verdict = f"holds under every protocol ({len(judged)} cells)"
    elif failed == len(judged):
        verdict = f"fails under every protocol ({len(judged)} cells)"
    else:
        others = ((failed, "fail"), (unresolved, "not resolved"), (untested, "untested"))
        counts = f"holds in {len(held)} of {len(judged)} cells; " + ", ".join(f"{k} {w}" for k, w in others if k)
        if not held:
            verdict = counts
        else:
            separated = separating_setting([(c, v == "holds") for c, v, _ in judged])
            verdict = f"protocol-dependent: {counts}; " + (
                f"separated by {separated}"
                if separated
                else "no single setting separates the cells that hold; they are: "
                + "; ".join(describe(c) for c in held)
            )
    effects = [e for _, _, e in judged if e is not None and e != 0]
    if not effects:
        return verdict, {}
    favour = sum(e > 0 for e in effects)
    p = seedstats.binomial_two_sided(favour, len(effects))
    return verdict, {"sign_cells_for": favour, "sign_cells": len(effects), "p_sign": number(p)}


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def dense_references(results, dense_seeds):
    """(data set, protocol) -> the dense specs' final accuracies (a Group) where they have finished."""
    dense = {}
    for name, protocol in DENSE_PROTOCOLS:
        if (results / name / "aggregate" / "metrics.csv").exists():
            spec = Spec(results / name, ())
            for (dataset,), methods in spec.cells().items():
                if len(methods["none"]) >= dense_seeds:
                    dense[(dataset, protocol)] = RunsCell(spec, methods).final("none")
    return dense


DENSE_PROTOCOLS = (
    ("dense-default", (("learning_rate", "0.025"), ("weight_decay", "5e-4"))),
    ("dense-accuracy", (("learning_rate", "0.05"), ("weight_decay", "1e-5"))),
)
WITHOUT_DENSE = [c for c in CLAIMS if c != "1"]
SPECS = (
    ("grid", (), CLAIMS),
    ("long", (("epochs", "100"), ("learning_rate", "0.025"), ("weight_decay", "5e-4")), WITHOUT_DENSE),
    ("topology", (), ["2", "3 random", "3 smallest-first", "5a", "5b"]),
)


def protocol_dense(dense):
    def dense_of(cell):
        dataset, settings = cell[0], dict(cell[1:])
        key = (("learning_rate", settings.get("learning_rate")), ("weight_decay", settings.get("weight_decay")))
        return dense.get((dataset, key))

    return dense_of


def judge_sweep(spec, dense_of, seeds):
    judged = []
    for cell, methods in sorted(spec.cells().items(), key=lambda item: cell_order(item[0])):
        if not all(len(methods.get(m, [])) == seeds for m in EVOLVING):
            note = f"incomplete: {dict((m, len(r)) for m, r in methods.items())}"
            judged.append((cell, {c: Judgement(None, note) for c in CLAIMS}))
            continue
        has_robustness = all(spec.robustness.get(r) for rs in methods.values() for r in rs)
        judged.append((cell, judge(RunsCell(spec, methods), dense_of(cell), has_robustness)))
    return judged


def committed_judgements(name, earlier, cell_data, dense_of, claims=tuple(CLAIMS)):
    """The cells of the earlier rows in their order, judged anew where the committed values allow and carried
    (threshold verdict and numbers) where they do not. Prints where a recomputed threshold's numbers differ."""
    cells = list(dict.fromkeys(r["cell"] for r in earlier if r["spec"] == name and r["cell"] != ACROSS))
    judged = []
    for text in cells:
        cell = parse_cell(text)
        old = {r["claim"]: r for r in earlier if r["spec"] == name and r["cell"] == text}
        data = cell_data(cell)
        fresh = judge(data, dense_of(cell)) if data is not None else {}
        verdicts = {}
        for claim in CLAIMS:
            carried = old[claim].get("threshold_verdict") or old[claim]["verdict"], old[claim]["numbers"]
            judgement = fresh.get(claim)
            if judgement is None or judgement.threshold is None or claim not in claims:
                verdicts[claim] = carried
                continue
            if judgement.note != carried[1] or threshold_mark(judgement.threshold) != carried[0]:
                print(f"note: {name}, {text}, claim {claim}: recomputed '{judgement.note}', was '{carried[1]}'")
            verdicts[claim] = judgement
        judged.append((cell, verdicts))
    return judged


def measures_cells(path, fixed=()):
    """cell -> MeasuresCell from a committed measures-by-setting.csv."""
    rows = read(path)
    varied = [c for c in rows[0] if c not in {"dataset", "method", "run", "measure", "value"}]
    values = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    for r in rows:
        if r["measure"] in MeasuresCell.MEASURES:
            cell = (r["dataset"],) + tuple((k, r[k]) for k in varied) + fixed
            seed = int(r["run"].split("-seed")[1].split("-")[0])
            values[cell][r["method"]][r["measure"]][seed] = float(r["value"])
    return {cell: MeasuresCell(v) for cell, v in values.items()}


def summary_cells(directory, fixed=()):
    """cell (data set) -> SummaryCell from committed accuracy.csv and robustness-methods.csv."""
    accuracy, robustness = defaultdict(dict), defaultdict(dict)
    for r in read(directory / "accuracy.csv"):
        accuracy[(r["dataset"],) + fixed][r["method"]] = r
    for r in read(directory / "robustness-methods.csv"):
        robustness[(r["dataset"],) + fixed][(r["method"], r["perturbation"])] = r
    return {cell: SummaryCell(accuracy[cell], robustness[cell]) for cell in accuracy}


def summary_dense(path):
    return {r["dataset"]: summary_group(r, "final_test_accuracy", "runs") for r in read(path) if r["method"] == "none"}


def committed(target):
    """verdicts.py --committed: the protocol study's verdicts from what is committed beside this file."""
    earlier = read(target)
    dense = {}
    for name, protocol in DENSE_PROTOCOLS:
        for dataset, group in summary_dense(HERE / "dense" / f"{name}-accuracy.csv").items():
            dense[(dataset, protocol)] = group
    sources = {
        "grid": measures_cells(HERE / "grid" / "measures-by-setting.csv"),
        "long": summary_cells(HERE / "long", SPECS[1][1]),
        "topology": measures_cells(HERE / "topology" / "measures-by-setting.csv"),
    }
    rows = []
    for name, _, claims in SPECS:
        judged = committed_judgements(name, earlier, sources[name].get, protocol_dense(dense), claims)
        report(name, judged, rows, claims)
    write_csv(target, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", type=Path, default=HERE / "results")
    parser.add_argument("--committed", action="store_true", help="judge the committed tables beside this file")
    parser.add_argument("--sweep", type=Path, help="judge this one aggregated sweep instead")
    parser.add_argument("--summary", action="store_true", help="with --sweep: DIR and --dense are committed tables")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per method a cell must have")
    parser.add_argument("--dense", type=Path, help="with --sweep: a sweep of the dense network (method none)")
    parser.add_argument("--dense-seeds", type=int, default=3, help="seeds the dense reference must have")
    parser.add_argument("--csv", type=Path, help="where the verdicts go (default: verdicts.csv beside this file)")
    args = parser.parse_args()
    target = args.csv or HERE / "verdicts.csv"
    rows = []
    if args.committed:
        committed(target)
        return
    if args.sweep and args.summary:
        earlier = read(target)
        dense = summary_dense(args.dense) if args.dense else {}
        name = earlier[0]["spec"]
        judged = committed_judgements(name, earlier, summary_cells(args.sweep).get, lambda c: dense.get(c[0]))
        report(name, judged, rows)
        write_csv(target, rows)
        return
    if args.sweep:
        spec = Spec(args.sweep, ())
        dense = {}
        if args.dense:
            reference = Spec(args.dense, ())
            for (dataset,), methods in reference.cells().items():
                if len(methods.get("none", [])) >= args.dense_seeds:
                    dense[dataset] = RunsCell(reference, methods).final("none")
        report(args.sweep.name, judge_sweep(spec, lambda cell: dense.get(cell[0]), args.seeds), rows)
        write_csv(target, rows)
        return
    dense_of = protocol_dense(dense_references(args.results, args.dense_seeds))
    # A spec aggregated elsewhere or in an earlier sitting keeps the rows it has in the CSV: the specs run at
    # different times, and results/ (git-ignored) holds only what this machine ran.
    earlier = read(target) if target.exists() else []
    for name, fixed, claims in SPECS:
        if not (args.results / name / "aggregate" / "metrics.csv").exists():
            kept = [r for r in earlier if r["spec"] == name]
            print(f"## {name}: not aggregated here; its {len(kept)} rows in {target.name} are kept\n")
            rows.extend(kept)
            continue
        report(name, judge_sweep(Spec(args.results / name, fixed), dense_of, args.seeds), rows, claims)
    write_csv(target, rows)


if __name__ == "__main__":
    main()
