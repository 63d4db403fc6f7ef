"""Checks the statistics of verdicts.py against scipy.stats, on the committed tables.

Usage: verdict_stats_check.py PROTOCOL_DIR PROTOCOL_VERDICTS PAPER_DIR PAPER_VERDICTS
(PROTOCOL_DIR: experiments/protocol-sensitivity; the verdicts CSVs: what `verdicts.py --committed` and
`verdicts.py --sweep PAPER_DIR --summary` wrote). Reads the per-seed values from the committed tables itself,
recomputes every p-value and interval with scipy.stats (ttest_rel, ttest_ind(equal_var=False), ttest_1samp,
ttest_ind_from_stats, t.interval, binomtest) and a direct numpy bootstrap, and exits non-zero on any difference
above 1e-6. Prints how many values it compared.
"""
import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import stats

TOLERANCE = 1e-6
compared = 0
failures = []
spreads = {}  # (spec, cell, claim) -> the std the power calculation uses, from the data


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def same(what, expected, actual):
    global compared
    compared += 1
    if actual == "" or not math.isclose(float(actual), expected, rel_tol=TOLERANCE, abs_tol=TOLERANCE):
        failures.append(f"{what}: scipy {expected!r}, verdicts.csv {actual!r}")


def bootstrap(groups, statistic):
    """Percentile interval, numpy default_rng(20261206), each group's seeds resampled independently."""
    rng = np.random.default_rng(20261206)
    resampled = [np.asarray(g)[rng.integers(0, len(g), size=(10_000, len(g)))] for g in groups]
    values = statistic(*resampled)
    return np.percentile(values, 2.5), np.percentile(values, 97.5)


def t_interval(mean, se, df):
    return stats.t.interval(0.95, df, loc=mean, scale=se)


def check_interval(what, row, interval, kind):
    same(f"{what} {kind} low", interval[0], row[f"ci_{kind}_low"])
    same(f"{what} {kind} high", interval[1], row[f"ci_{kind}_high"])


def per_seed(directory):
    """(cell text, method, measure) -> {seed: value} from a committed measures-by-setting.csv."""
    values = defaultdict(dict)
    rows = read(directory / "measures-by-setting.csv")
    varied = [c for c in rows[0] if c not in ("dataset", "method", "run", "measure", "value")]
    for r in rows:
        cell = ", ".join([r["dataset"]] + [f"{k}={r[k]}" for k in varied])
        seed = int(r["run"].split("-seed")[1].split("-")[0])
        values[(cell, r["method"], r["measure"])][seed] = float(r["value"])
    return values


def ordered(by_seed):
    return [by_seed[s] for s in sorted(by_seed)]


def check_paired(what, row, a, b):
    a, b = ordered(a), ordered(b)
    d = np.subtract(a, b)
    same(f"{what} paired p", stats.ttest_rel(a, b).pvalue, row["p_paired"])
    same(f"{what} p", stats.ttest_rel(a, b).pvalue, row["p"])
    same(f"{what} Welch p", stats.ttest_ind(a, b, equal_var=False).pvalue, row["p_welch"])
    check_interval(what, row, t_interval(d.mean(), stats.sem(d), len(d) - 1), "t")
    check_interval(what, row, bootstrap([d], lambda x: x.mean(axis=1)), "bootstrap")
    spreads[key(row)] = np.std(d, ddof=1)


def key(row):
    return row["spec"], row["cell"], row["claim"]


def check_ratio(what, row, ratios, margin):
    same(f"{what} one-sample p", stats.ttest_1samp(ratios, margin).pvalue, row["p"])
    check_interval(what, row, t_interval(np.mean(ratios), stats.sem(ratios), len(ratios) - 1), "t")
    check_interval(what, row, bootstrap([ratios], lambda x: x.mean(axis=1)), "bootstrap")
    spreads[key(row)] = np.std(ratios, ddof=1)


def welch_from_stats(m1, s1, n1, m2, s2, n2, margin):
    """scipy's Welch p from summaries, and the t interval of m1 − m2 with the Welch–Satterthwaite df."""
    p = stats.ttest_ind_from_stats(m1 - margin, s1, n1, m2, s2, n2, equal_var=False).pvalue
    v1, v2 = s1**2 / n1, s2**2 / n2
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    return p, t_interval(m1 - m2, math.sqrt(v1 + v2), df)


def dense_summaries(path):
    return {r["dataset"]: r for r in read(path) if r["method"] == "none"}


def summary(row, measure, count):
    return 100 * float(row[f"{measure}_mean"]), 100 * float(row[f"{measure}_std"]), int(row[count])


def check_claim1(what, row, dense, sparse_by_method):
    """Welch against dense − 2 for RLR and CH3L3 (the larger p counts), or one-sample against a single dense run."""
    dm, ds, dn = summary(dense, "final_test_accuracy", "runs")
    results = []
    for method, values in sparse_by_method.items():
        if dn == 1:
            values = ordered(values) if isinstance(values, dict) else values
            p = stats.ttest_1samp(values, dm - 2).pvalue if isinstance(values, list) else None
            results.append((p, method, None))
            continue
        v = ordered(values)
        p, interval = welch_from_stats(dm, ds, dn, np.mean(v), np.std(v, ddof=1), len(v), 2.0)
        results.append((p, method, interval, math.sqrt((ds**2 + np.var(v, ddof=1)) / 2)))
    p, method, interval, spread = max(results, key=lambda r: r[0])
    spreads[key(row)] = spread
    same(f"{what} Welch p ({method}, the larger)", p, row["p"])
    check_interval(what, row, interval, "t")


def check_protocol(directory, verdicts):
    measures = {"grid": per_seed(directory / "grid"), "topology": per_seed(directory / "topology")}
    dense = {
        ("0.025", "5e-4"): dense_summaries(directory / "dense" / "dense-default-accuracy.csv"),
        ("0.05", "1e-5"): dense_summaries(directory / "dense" / "dense-accuracy-accuracy.csv"),
    }
    long_robustness = {(r["method"], r["perturbation"]): r for r in read(directory / "long" / "robustness-methods.csv")}
    for row in verdicts:
        if not row["test"]:
            continue
        what = f"{row['spec']}, {row['cell']}, claim {row['claim']}"
        if row["spec"] == "long":
            check_long(what, row, long_robustness)
            continue
        values = measures[row["spec"]]
        at08 = {m: values[(row["cell"], m, "accuracy-at-0.8-reverse-weight-order")] for m in ("rlr", "ch3l3")}
        final = {m: values[(row["cell"], m, "final-accuracy")] for m in ("rlr", "ch3l3")}
        if row["claim"] == "5b":
            check_paired(what, row, at08["rlr"], at08["ch3l3"])
        elif row["claim"] == "5a":
            check_ratio(what, row, [at08["rlr"][s] / final["rlr"][s] for s in sorted(final["rlr"])], 0.9)
        elif row["claim"] == "1":
            settings = dict(s.split("=") for s in row["cell"].split(", ")[1:])
            reference = dense[(settings["learning_rate"], settings["weight_decay"])][row["cell"].split(", ")[0]]
            check_claim1(what, row, reference, final)
        else:
            failures.append(f"{what}: a test this check does not know ({row['test']})")


def check_long(what, row, robustness):
    rlr, ch3 = robustness[("rlr", "reverse-weight-order")], robustness[("ch3l3", "reverse-weight-order")]
    if row["claim"] == "5b":
        p, interval = welch_from_stats(
            *summary(rlr, "accuracy_at_0.8", "models"), *summary(ch3, "accuracy_at_0.8", "models"), 0.0
        )
        same(f"{what} Welch p (summary)", p, row["p"])
        check_interval(what, row, interval, "t")
        spreads[key(row)] = two_sample_spread(rlr, ch3)
    elif row["claim"] == "5a":
        check_summary_5a(what, row, rlr)


def two_sample_spread(a, b):
    """√((s₁² + s₂²)/2), the std of a two-sample power calculation, from two summary rows."""
    sa, sb = summary(a, "accuracy_at_0.8", "models")[1], summary(b, "accuracy_at_0.8", "models")[1]
    return math.hypot(sa, sb) / math.sqrt(2)


def check_summary_5a(what, row, rlr):
    am, sd, n = summary(rlr, "accuracy_at_0.8", "models")
    um, us, _ = summary(rlr, "unperturbed_accuracy", "models")
    effect, bound = am - 0.9 * um, sd + 0.9 * us
    spreads[key(row)] = bound
    t = effect / (bound / math.sqrt(n))
    same(f"{what} one-sample p (bound)", 2 * stats.t.sf(abs(t), n - 1), row["p"])
    check_interval(what, row, t_interval(effect, bound / math.sqrt(n), n - 1), "t")


def check_paper(directory, verdicts):
    accuracy = {(r["dataset"], r["method"]): r for r in read(directory / "accuracy.csv")}
    robustness = {(r["dataset"], r["method"], r["perturbation"]): r for r in read(directory / "robustness-methods.csv")}
    dense = dense_summaries(directory / "dense-baseline-accuracy.csv")
    for row in verdicts:
        if not row["test"]:
            continue
        what, dataset = f"paper, {row['cell']}, claim {row['claim']}", row["cell"]
        rlr = robustness[(dataset, "rlr", "reverse-weight-order")]
        ch3 = robustness[(dataset, "ch3l3", "reverse-weight-order")]
        if row["claim"] == "5b":
            p, interval = welch_from_stats(
                *summary(rlr, "accuracy_at_0.8", "models"), *summary(ch3, "accuracy_at_0.8", "models"), 0.0
            )
            same(f"{what} Welch p (summary)", p, row["p"])
            check_interval(what, row, interval, "t")
            spreads[key(row)] = two_sample_spread(rlr, ch3)
        elif row["claim"] == "5a":
            check_summary_5a(what, row, rlr)
        elif row["claim"] == "1":
            dm = 100 * float(dense[dataset]["final_test_accuracy_mean"])
            results = []
            for method in ("rlr", "ch3l3"):
                m, s, n = summary(accuracy[(dataset, method)], "final_test_accuracy", "runs")
                t = (dm - m - 2.0) / (s / math.sqrt(n))
                results.append((2 * stats.t.sf(abs(t), n - 1), t_interval(dm - m, s / math.sqrt(n), n - 1), s))
            p, interval, spreads[key(row)] = max(results, key=lambda r: r[0])
            same(f"{what} one-sample p against the single dense run", p, row["p"])
            check_interval(what, row, interval, "t")
        else:
            failures.append(f"{what}: a test this check does not know ({row['test']})")


def check_corrections(verdicts):
    """Holm within each spec and claim; n needed for 80% power at α/m; the sign test of each across-cells row."""
    families = defaultdict(list)
    for row in verdicts:
        if row["p"] and row["cell"] != "across cells":
            families[(row["spec"], row["claim"])].append(row)
    for (spec, claim), rows in families.items():
        m = len(rows)
        ranked = sorted(rows, key=lambda r: float(r["p"]))
        running = 0.0
        for rank, row in enumerate(ranked):
            running = max(running, min(1.0, (m - rank) * float(row["p"])))
            same(f"{spec}, {row['cell']}, claim {claim}: Holm", running, row["p_holm"])
            if int(row["holm_family"]) != m:
                failures.append(f"{spec}, {row['cell']}, claim {claim}: Holm family {row['holm_family']}, not {m}")
            if row["verdict"].startswith("not resolved"):
                check_power(f"{spec}, {row['cell']}, claim {claim}", row, 0.05 / m)
        signs = []
        for row in rows:
            direction = -1 if claim in ("1", "4") else 1
            effect = direction * (float(row["effect"]) - float(row["margin"]))
            if row["threshold_verdict"] != "–" and effect != 0:
                signs.append(effect > 0)
        across = [r for r in verdicts if r["spec"] == spec and r["cell"] == "across cells" and r["claim"] == claim]
        if signs and across:
            p = stats.binomtest(sum(signs), len(signs)).pvalue
            same(f"{spec}, claim {claim}: sign test", p, across[0]["p_sign"])


def check_power(what, row, alpha):
    """The smallest n whose shifted central-t power reaches 0.8, with scipy's t; for the record, the exact
    noncentral-t power there."""
    paired = not row["test"].startswith("Welch")
    effect = abs(float(row["effect"]) - float(row["margin"]))
    for n in range(2, 1001):
        df = n - 1 if paired else 2 * n - 2
        spread = spreads[key(row)]
        delta = effect / spread * (math.sqrt(n) if paired else math.sqrt(n / 2))
        critical = stats.t.ppf(1 - alpha / 2, df)
        if 1 - stats.t.cdf(critical - delta, df) >= 0.8:
            if str(n) != row["seeds_needed"]:
                failures.append(f"{what}: n needed {row['seeds_needed']}, scipy {n}")
            exact = stats.nct.sf(critical, df, delta) + stats.nct.cdf(-critical, df, delta)
            print(f"{what}: n = {n} needed (exact noncentral-t power there {exact:.3f})")
            return
    if row["seeds_needed"]:
        failures.append(f"{what}: n needed {row['seeds_needed']}, scipy > 1000")


def check_larger_samples(protocol_dir):
    """seedstats on 12 and 15 values, where a bootstrap interval depends on the resampling and its seed (with 3
    seeds its percentiles are nearly the smallest and largest value whatever the seed)."""
    sys.path.insert(0, str(protocol_dir))
    import seedstats

    rng = np.random.default_rng(7)
    a, b = rng.normal(96, 1, 12), rng.normal(95, 2, 15)
    low, high = seedstats.bootstrap_difference(a, b)
    expected = bootstrap([a, b], lambda x, y: x.mean(axis=1) - y.mean(axis=1))
    same("12 vs 15 values: bootstrap low", expected[0], low)
    same("12 vs 15 values: bootstrap high", expected[1], high)
    low, high = seedstats.bootstrap_mean(a)
    expected = bootstrap([a], lambda x: x.mean(axis=1))
    same("12 values: bootstrap low", expected[0], low)
    same("12 values: bootstrap high", expected[1], high)
    _, _, p, ci = seedstats.welch(seedstats.Group(dict(enumerate(a))), seedstats.Group(dict(enumerate(b))), 0.5)
    same("12 vs 15 values: Welch p", stats.ttest_ind(a - 0.5, b, equal_var=False).pvalue, p)
    _, _, p, ci = seedstats.one_sample(a, 95.5)
    same("12 values: one-sample p", stats.ttest_1samp(a, 95.5).pvalue, p)
    same("12 values: t interval low", t_interval(a.mean(), stats.sem(a), 11)[0], ci[0])


def main():
    protocol_dir, protocol_csv, paper_dir, paper_csv = (Path(a) for a in sys.argv[1:5])
    check_larger_samples(protocol_dir)
    protocol, paper = read(protocol_csv), read(paper_csv)
    check_protocol(protocol_dir, protocol)
    check_paper(paper_dir, paper)
    check_corrections(protocol)
    check_corrections(paper)
    for failure in failures:
        print("MISMATCH", failure)
    print(f"compared {compared} values, {len(failures)} mismatches")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
