"""The verdict of CRITERIA.md from models.csv alone (so it can be recomputed from the committed table).

Usage: verdict.py models.csv [figure.png]
Prints verdict lines; writes verdict.csv beside models.csv and, with matplotlib, the scatter figure.
"""
import csv
import os
import sys

import numpy as np
from scipy import stats

RESAMPLES = 10_000
SEED = 20261206


def ols_r2(design, y):
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ beta
    return 1 - (residual @ residual) / ((y - y.mean()) @ (y - y.mean())), residual @ residual


def main(path, figure=None):
    rows = list(csv.DictReader(open(path)))
    x = np.array([float(r["x_weight_sq_share_kept"]) for r in rows])
    y = np.array([float(r["y_accuracy_share_kept"]) for r in rows])
    ch3l3 = np.array([r["method"] == "ch3l3" for r in rows], dtype=float)
    n = len(rows)

    rho = stats.spearmanr(x, y).correlation
    rng = np.random.default_rng(SEED)
    boot = []
    for _ in range(RESAMPLES):
        i = rng.integers(0, n, n)
        boot.append(stats.spearmanr(x[i], y[i]).correlation)
    low, high = np.percentile(boot, [2.5, 97.5])
    first = "holds" if rho >= 0.9 and low > 0.8 else ("fails" if rho < 0.9 else "not resolved")

    ones = np.ones(n)
    control = np.column_stack([ones, x, x**2])
    full = np.column_stack([ones, x, x**2, ch3l3, ch3l3 * x])
    r2_control, rss_control = ols_r2(control, y)
    r2_full, rss_full = ols_r2(full, y)
    extra, residual_df = full.shape[1] - control.shape[1], n - full.shape[1]
    f = ((rss_control - rss_full) / extra) / (rss_full / residual_df)
    p = stats.f.sf(f, extra, residual_df)
    gain = r2_full - r2_control
    if gain < 0.02 and p >= 0.05:
        second = "holds"
    elif gain >= 0.02 and p < 0.05:
        second = "fails"
    else:
        second = "not resolved"
    overall = "holds" if first == second == "holds" else ("fails" if "fails" in (first, second) else "not resolved")

    per_dataset = {
        d: stats.spearmanr(x[[r["dataset"] == d for r in rows]], y[[r["dataset"] == d for r in rows]]).correlation
        for d in sorted({r["dataset"] for r in rows})
    }
    result = [
        ("models", n),
        ("spearman_rho", rho),
        ("spearman_rho_ci95_low", low),
        ("spearman_rho_ci95_high", high),
        ("first_half", first),
        ("r2_control", r2_control),
        ("r2_with_method", r2_full),
        ("r2_gain", gain),
        ("f_statistic", f),
        ("f_p_value", p),
        ("second_half", second),
        ("prediction", overall),
    ] + [(f"spearman_rho_{d}", v) for d, v in per_dataset.items()]
    with open(os.path.join(os.path.dirname(os.path.abspath(path)), "verdict.csv"), "w") as out:
        out.write("quantity,value\n")
        for name, value in result:
            out.write(f"{name},{value if isinstance(value, str) else repr(float(value))}\n")
    for name, value in result:
        print(f"{name}: {value if isinstance(value, str) else round(float(value), 4)}")

    if figure:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=150)
        for method, colour in (("rlr", "#1f77b4"), ("ch3l3", "#ff7f0e")):
            for dataset, marker in (("mnist", "o"), ("fashion-mnist", "^")):
                use = [r["method"] == method and r["dataset"] == dataset for r in rows]
                ax.scatter(x[use], y[use], s=14, c=colour, marker=marker, label=f"{method.upper()}, {dataset}")
        ax.set_xlabel("share of Σw² kept at 80% smallest-first removal")
        ax.set_ylabel("share of accuracy kept")
        ax.set_title(f"Compressibility: Spearman ρ = {rho:.3f} over {n} models")
        ax.legend(fontsize=8, loc="lower right")
        ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(figure)


if __name__ == "__main__":
    main(*sys.argv[1:])
