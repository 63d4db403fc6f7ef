#!/usr/bin/env python3
"""RESULTS.md's "Does structure explain robustness?": the fixed-criteria correlations across the study's MNIST models
between two structural measures and two robustness measures, with 95% bootstrap intervals (numpy and scipy).

Usage: correlations.py [STRUCTURE_CSV ROBUSTNESS_SUMMARY_CSV [OUT_CSV]]
  STRUCTURE_CSV           `sparsegpu analyze`'s structure.csv of the models [default: models-structure.csv beside this]
  ROBUSTNESS_SUMMARY_CSV  `sparsegpu robustness`'s summary.csv of the same models, random and reverse-weight-order
                          [default: models-robustness.csv beside this]
  OUT_CSV                 [default: correlations.csv beside this]

Per model: the dormant fraction (mean over the three sparse layers), the Gini of the pixels' out-degrees in layer 1,
the accuracy left at 80% smallest-first (reverse-weight-order) removal and the random-removal AUC. Per pair, over all
models: Spearman rho and Pearson r with scipy.stats, the pre-registered verdict on rho (|rho| >= 0.7 holds,
|rho| < 0.3 does not, else inconclusive), and percentile intervals from 10,000 bootstrap resamples of the models
(fixed seed; a resample where either measure is constant has no correlation and is left out, and counted). Then,
not pre-registered, the same within methods: the correlation of each measure's deviation from its method's mean,
bootstrapped within each method, so that a contrast between methods cannot make it.

correlations.csv, one row per pair: structure, robustness (the measures' names above), models, spearman_rho,
spearman_p (scipy's two-sided p-value), spearman_rho_ci95_low/high, pearson_r, pearson_r_ci95_low/high,
resamples_undefined (resamples left out), verdict, within_method_spearman_rho, within_method_rho_ci95_low/high,
within_method_resamples_undefined."""
import csv
import os
import sys
from collections import defaultdict

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
RESAMPLES = 10_000
SEED = 29  # the number; fixed so that the intervals are reproducible
PAIRS = [
    ("dormant_fraction", "accuracy_at_0.8_reverse_weight_order"),
    ("dormant_fraction", "random_auc"),
    ("layer1_out_degree_gini", "random_auc"),
    ("layer1_out_degree_gini", "accuracy_at_0.8_reverse_weight_order"),
]


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def per_model(structure_csv, summary_csv):
    """{run: {method, the four measures}}."""
    layers = defaultdict(dict)
    for r in rows(structure_csv):
        layers[r["model"]][r["layer"]] = r
    summary = {(r["model"], r["perturbation"]): r for r in rows(summary_csv)}
    models = {}
    for run, by_layer in sorted(layers.items()):
        models[run] = {
            "method": by_layer["1"]["method"],
            "dormant_fraction": np.mean([float(by_layer[k]["dormant_fraction"]) for k in ("1", "2", "3")]),
            "layer1_out_degree_gini": float(by_layer["1"]["out_degree_gini"]),
            "accuracy_at_0.8_reverse_weight_order": float(summary[(run, "reverse-weight-order")]["accuracy_at_0.8"]),
            "random_auc": float(summary[(run, "random")]["auc"]),
        }
    return models


def correlations(x, y):
    """(Spearman rho, Pearson r), or None where either measure is constant."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return stats.spearmanr(x, y).statistic, stats.pearsonr(x, y).statistic


def rowwise_pearson(x, y):
    """Pearson r of each row pair of two (resamples, models) arrays."""
    x = x - x.mean(axis=1, keepdims=True)
    y = y - y.mean(axis=1, keepdims=True)
    return (x * y).sum(axis=1) / np.sqrt((x * x).sum(axis=1) * (y * y).sum(axis=1))


def bootstrap(x, y, indices):
    """Percentile 95% intervals of rho and r over the resamples indices (resamples, models), and the number of
    resamples left out because a measure is constant in them. Spearman rho is Pearson r of the ranks, ties given
    their mean rank, as scipy.stats.spearmanr computes it."""
    xs, ys = x[indices], y[indices]
    defined = (np.ptp(xs, axis=1) > 0) & (np.ptp(ys, axis=1) > 0)
    xs, ys = xs[defined], ys[defined]
    rho = rowwise_pearson(stats.rankdata(xs, axis=1), stats.rankdata(ys, axis=1))
    r = rowwise_pearson(xs, ys)
    interval = lambda v: np.percentile(v, [2.5, 97.5])
    return interval(rho), interval(r), int((~defined).sum())


def verdict(rho):
    return "holds" if abs(rho) >= 0.7 else "does not hold" if abs(rho) < 0.3 else "inconclusive"


def main(structure_csv, summary_csv, out_csv):
    models = per_model(structure_csv, summary_csv)
    methods = np.array([m["method"] for m in models.values()])
    groups = [np.flatnonzero(methods == m) for m in sorted(set(methods))]
    rng = np.random.default_rng(SEED)
    n = len(models)
    columns = ["structure", "robustness", "models", "spearman_rho", "spearman_p", "spearman_rho_ci95_low",
               "spearman_rho_ci95_high", "pearson_r", "pearson_r_ci95_low", "pearson_r_ci95_high",
               "resamples_undefined", "verdict", "within_method_spearman_rho", "within_method_rho_ci95_low",
               "within_method_rho_ci95_high", "within_method_resamples_undefined"]
    out = []
    for xs, ys in PAIRS:
        x = np.array([m[xs] for m in models.values()])
        y = np.array([m[ys] for m in models.values()])
        rho, r = correlations(x, y)
        (rho_lo, rho_hi), (r_lo, r_hi), undefined = bootstrap(x, y, rng.integers(0, n, (RESAMPLES, n)))
        # Deviations from the method's mean; resampled within each method, so each keeps its size.
        dx, dy = x.copy(), y.copy()
        for g in groups:
            dx[g] -= x[g].mean()
            dy[g] -= y[g].mean()
        within = correlations(dx, dy)
        within_indices = np.concatenate([rng.choice(g, (RESAMPLES, len(g))) for g in groups], axis=1)
        (w_lo, w_hi), _, w_undefined = bootstrap(dx, dy, within_indices)
        out.append([xs, ys, n, rho, stats.spearmanr(x, y).pvalue, rho_lo, rho_hi, r, r_lo, r_hi, undefined,
                    verdict(rho), within[0], w_lo, w_hi, w_undefined])
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for row in out:
            w.writerow([f"{v:.6f}" if isinstance(v, float) else v for v in row])
    for row in out:
        print(" ".join(f"{c}={f'{v:.3f}' if isinstance(v, float) else v}" for c, v in zip(columns, row)))


if __name__ == "__main__":
    args = sys.argv[1:] + [None] * 3
    main(args[0] or os.path.join(HERE, "models-structure.csv"), args[1] or os.path.join(HERE, "models-robustness.csv"),
         args[2] or os.path.join(HERE, "correlations.csv"))
