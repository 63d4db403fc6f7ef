"""Checks the statistics of experiments/removal-protocol/verdict.py against scipy.stats, from the committed
per-seed values (issue 29 §1).

Usage: removal_stats_check.py REMOVAL_PROTOCOL_DIR
Reads r-by-seed.csv (r_s of every model, removal order and cell) and recomputes, with scipy.stats (ttest_1samp with
alternative="greater", ttest_rel, t.interval) and a direct numpy bootstrap, every number of verdicts.csv (per cell:
mean and std of r_s, t interval, bootstrap interval, t, one-sided p against 0.90, Holm's p over the cells of one
removal order, the verdict of CRITERIA.md) and of effects.csv (each factor alone against the baseline cell, paired by
seed). verdict.py computed them from r_s unrounded and wrote 6 significant digits; r-by-seed.csv holds r_s rounded
to 6 digits too (±5e-7 on values near 1), so a value on the scale of r (means, stds, intervals, effects) must agree
to 3e-6 or a relative 1e-4, and t and its p to within what that rounding of the inputs can move them (propagated
through the t statistic: the effects of smallest-first removal are differences of 1e-4 between values of 0.999, where
6 digits of r_s leave p itself uncertain). Prints how many values it compared and the mismatches; exits 1 on any.
"""
import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import stats

THRESHOLD, ALPHA = 0.90, 0.05
RELATIVE, ABSOLUTE = 1e-4, 3e-6
ROUNDING = 5e-7  # half a unit in the 6th digit of an r_s near 1
compared = 0
failures = []


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def same(what, expected, actual):
    global compared
    compared += 1
    if actual == "" or not math.isclose(float(actual), float(expected), rel_tol=RELATIVE, abs_tol=ABSOLUTE):
        failures.append(f"{what}: scipy {expected!r}, committed {actual!r}")


def same_test(what, values, margin, committed_t, committed_p, alternative, difference=False):
    """t and p of a one-sample t test, the committed ones accepted within the range that rounding each input by
    ROUNDING can move them to (a difference of two rounded values: twice that)."""
    global compared
    compared += 2
    test = stats.ttest_1samp(values, margin, alternative=alternative)
    se = stats.sem(values)
    # First-order: the mean moves by at most the rounding, the std by at most 2x it·sqrt(n/(n-1)), se by that /
    # sqrt(n); doubled, since at t of several hundred the first order is not the whole move.
    slack = (2 if difference else 1) * ROUNDING
    n = len(values)
    dt = 2 * (slack + abs(test.statistic) * 2 * slack / math.sqrt(n - 1)) / se if se > 0 else 0.0
    ts = [test.statistic - dt, test.statistic + dt]
    ps = [tail(t, len(values) - 1, alternative) for t in ts]
    if alternative == "two-sided" and ts[0] <= 0 <= ts[1]:
        ps.append(1.0)  # two-sided p is largest at t = 0, inside the range
    for name, committed, (low, high) in (("t", committed_t, ts), ("p", committed_p, (min(ps), max(ps)))):
        c = float(committed)
        if not (low - RELATIVE * abs(low) - 1e-300 <= c <= high + RELATIVE * abs(high) + 1e-300):
            failures.append(f"{what} {name}: scipy {low!r} to {high!r} (inputs rounded), committed {committed!r}")
    return test


def tail(t, df, alternative):
    return stats.t.sf(t, df) if alternative == "greater" else 2 * stats.t.sf(abs(t), df)


def bootstrap_mean(values):
    """Percentile interval of the mean, numpy default_rng(20261206), 10,000 resamples of the seeds."""
    rng = np.random.default_rng(20261206)
    values = np.asarray(values)
    means = values[rng.integers(0, len(values), size=(10_000, len(values)))].mean(axis=1)
    return np.percentile(means, 2.5), np.percentile(means, 97.5)


def holm(p_values):
    """Holm's step-down adjustment, written from its definition: the k-th smallest p times (m - k + 1), made
    monotone, capped at 1."""
    order = np.argsort(p_values)
    m = len(p_values)
    adjusted = np.empty(m)
    running = 0.0
    for k, i in enumerate(order):
        running = max(running, (m - k) * p_values[i])
        adjusted[i] = min(1.0, running)
    return adjusted


def main(folder):
    folder = Path(folder)
    cells = defaultdict(dict)
    for r in read(folder / "r-by-seed.csv"):
        cells[(r["removal"], r["family"], r["dropout"], r["compensation"], r["finetune"])][r["seed"]] = float(r["r"])

    verdicts = read(folder / "verdicts.csv")
    keys = [(v["removal"], v["family"], v["dropout"], v["compensation"], v["finetune"]) for v in verdicts]
    if sorted(keys) != sorted(cells):
        failures.append(f"verdicts.csv has cells {sorted(set(keys) ^ set(cells))} that r-by-seed.csv has not, "
                        "or the other way")
    p_one = {}
    for v, key in zip(verdicts, keys):
        values = np.array([cells[key][s] for s in sorted(cells[key])])
        what = " ".join(key)
        n = len(values)
        same(f"{what} n", n, v["n"])
        same(f"{what} r_mean", values.mean(), v["r_mean"])
        same(f"{what} r_std", values.std(ddof=1), v["r_std"])
        test = same_test(what, values, THRESHOLD, v["t"], v["p_one_sided"], "greater")
        low, high = stats.t.interval(0.95, n - 1, loc=values.mean(), scale=stats.sem(values))
        same(f"{what} t_ci_low", low, v["t_ci_low"])
        same(f"{what} t_ci_high", high, v["t_ci_high"])
        low, high = bootstrap_mean(values)
        same(f"{what} boot_ci_low", low, v["boot_ci_low"])
        same(f"{what} boot_ci_high", high, v["boot_ci_high"])
        p_one[key] = float(v["p_one_sided"])

    for order in sorted({k[0] for k in keys}):
        members = [(v, k) for v, k in zip(verdicts, keys) if k[0] == order]
        # Holm's arithmetic on the committed p (whose agreement with scipy is checked above).
        adjusted = holm(np.array([p_one[k] for _, k in members]))
        for (v, key), p_holm in zip(members, adjusted):
            same(f"{' '.join(key)} p_holm", p_holm, v["p_holm"])
            mean = np.mean(list(cells[key].values()))
            n = len(cells[key])
            verdict = "fails" if mean < THRESHOLD else "holds" if p_holm < ALPHA else f"not resolved at n = {n}"
            if verdict != v["verdict"]:
                failures.append(f"{' '.join(key)} verdict: CRITERIA.md gives {verdict!r}, committed {v['verdict']!r}")

    factors = {"compensation": ("0", "fan-in", "0"), "fine-tuning": ("0", "none", "1 epoch"),
               "dropout 0.3": ("0.3", "none", "0")}
    for e in read(folder / "effects.csv"):
        order, family = e["removal"], e["family"]
        cell, base = cells[(order, family, *factors[e["factor"]])], cells[(order, family, "0", "none", "0")]
        shared = sorted(set(cell) & set(base))
        a, b = np.array([cell[s] for s in shared]), np.array([base[s] for s in shared])
        what = f"effect {order} {family} {e['factor']}"
        same(f"{what} n", len(shared), e["n"])
        same(f"{what} effect", (a - b).mean(), e["effect"])
        # ttest_rel is the one-sample test of the differences; its t is not written, only p.
        same_test(what, a - b, 0.0, stats.ttest_rel(a, b).statistic, e["p_two_sided"], "two-sided", True)
        low, high = stats.t.interval(0.95, len(shared) - 1, loc=(a - b).mean(), scale=stats.sem(a - b))
        same(f"{what} t_ci_low", low, e["t_ci_low"])
        same(f"{what} t_ci_high", high, e["t_ci_high"])
        low, high = bootstrap_mean(a - b)
        same(f"{what} boot_ci_low", low, e["boot_ci_low"])
        same(f"{what} boot_ci_high", high, e["boot_ci_high"])

    for f in failures:
        print(f)
    print(f"compared {compared} values, {len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
