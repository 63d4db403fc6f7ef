"""The numbers of the compressibility study's RESULTS.md, recomputed from the committed models.csv and verdict.csv.
Run by ../lib/check_results.py; see there."""
import os

from check_results import num, rows


def check(results, here):
    models = rows(os.path.join(here, "models.csv"))
    verdict = {r["quantity"]: r["value"] for r in rows(os.path.join(here, "verdict.csv"))}
    v = lambda q, d: num(verdict[q], d, 1e-12)

    studies = {s: sum(1 for r in models if r["study"] == s) for s in ("grid", "topology")}
    results.quote("the {} models of [grid-models.json]", len(models))
    results.quote("seeds 1–3; {} models) and [topology-models.json]", studies["grid"])
    results.quote("seeds 1–3; {} models), all 784-1000-1000-1000-10", studies["topology"])
    results.quote("Spearman ρ = {} < 0.9", v("spearman_rho", 3))
    results.quote("| models | {} |", int(float(verdict["models"])))
    results.quote("| Spearman ρ (x, y), all models | **{}**, 95% bootstrap interval {} – {} "
                  "(10,000 resamples of models) |",
                  v("spearman_rho", 3), v("spearman_rho_ci95_low", 3), v("spearman_rho_ci95_high", 3))
    results.quote("| ρ on MNIST / Fashion-MNIST (no verdict) | {} / {} |", v("spearman_rho_mnist", 3),
                  v("spearman_rho_fashion-mnist", 3))
    results.quote("| first half (ρ ≥ 0.9 and interval above 0.8) | **{}** |", verdict["first_half"])
    results.quote("| R² of y ~ x + x² (the control) | {} |", v("r2_control", 3))
    results.quote("| R² with method and method × x added | {} (gain {}) |", v("r2_with_method", 3), v("r2_gain", 4))
    results.quote("| nested F-test of the method terms | F = {}, p = {} |", v("f_statistic", 2), v("f_p_value", 3))
    results.quote("| second half (gain < 0.02 and p ≥ 0.05) | **{}** |", verdict["second_half"])
    results.quote("the prediction {}.**", verdict["prediction"])
    results.quote("(R² gain {})", v("r2_gain", 3))

    def span(rows_, column):
        values = [float(r[column]) for r in rows_]
        return f"{num(min(values), 2, 1e-12)}–{num(max(values), 2, 1e-12)}"

    low = [r for r in models if float(r["weight_decay"]) <= 1e-5]
    middle = [r for r in models if float(r["weight_decay"]) == 1e-4]
    high = [r for r in models if float(r["weight_decay"]) >= 5e-4]
    x, y = "x_weight_sq_share_kept", "y_accuracy_share_kept"
    results.quote("(wd ≤ 1e-5: x {}, y {}; wd 1e-4: x {}; wd ≥ 5e-4: x {}, y {})", span(low, x), span(low, y),
                  span(middle, x), span(high, x), span(high, y))
