#!/usr/bin/env python3
"""The numbers of RESULTS.md's "Structure" section, from `sparsegpu analyze` tables and the study's robustness
summaries (standard library only). Usage: summarize.py ANALYSIS_DIR STUDY_RUNS_DIR [LAYERS_DIR...]
Prints per-method means ± std of the structure columns, the fixed-criteria correlations across models, and, from
`robustness --layers K` sweeps (LAYERS_DIR/layerK/summary.csv), each model's weakest layer."""
import csv, os, statistics, sys
from collections import defaultdict

analysis, runs = sys.argv[1], sys.argv[2]
layer_dirs = sys.argv[3:]

def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i]); r = [0.0] * len(v); i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]: j += 1
        for k in range(i, j + 1): r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r

def ms(v):
    return f"{statistics.mean(v):.4f} ± {statistics.stdev(v) if len(v) > 1 else 0:.4f}"

structure = rows(os.path.join(analysis, "structure.csv"))
network = {r["model"]: r for r in rows(os.path.join(analysis, "network.csv"))}
by_model = defaultdict(list)
for r in structure: by_model[r["model"]].append(r)
method_of = {m: l[0]["method"] for m, l in by_model.items()}

print("## per method (mean ± std over models), layer 1 / 2 / 3")
cols = ["in_degree_gini", "out_degree_gini", "in_degree_max", "out_degree_max", "zero_out_degree", "strength_gini",
        "degree_assortativity", "weight_abs_p50", "weight_abs_p99", "dormant_fraction", "active_neurons"]
for method in sorted(set(method_of.values())):
    models = [m for m in by_model if method_of[m] == method]
    print(f"### {method} ({len(models)} models)")
    for c in cols:
        print(f"| {c} | " + " | ".join(ms([float(r[c]) for m in models for r in by_model[m] if r["layer"] == str(k)]) for k in (1, 2, 3)) + " |")
    for c in ["pixels_connected", "log10_paths", "hidden_on_path_fraction", "input_degree_heterogeneity"]:
        print(f"| {c} | {ms([float(network[m][c]) for m in models])} |")

def summary_of(model_path):
    run = model_path if os.path.isdir(model_path) else os.path.dirname(model_path)
    path = os.path.join(run, "robustness", "summary.csv")
    return {r["perturbation"]: r for r in rows(path)} if os.path.exists(path) else None

print("\n## correlations across models (Spearman rho, Pearson r, n)")
x_dormant, x_gini, y_rev08, y_rand_auc = [], [], [], []
for m in by_model:
    s = summary_of(m)
    if s is None or "reverse-weight-order" not in s or "random" not in s: continue
    x_dormant.append(statistics.mean(float(r["dormant_fraction"]) for r in by_model[m]))
    x_gini.append(float([r for r in by_model[m] if r["layer"] == "1"][0]["out_degree_gini"]))
    y_rev08.append(float(s["reverse-weight-order"]["accuracy_at_0.8"]))
    y_rand_auc.append(float(s["random"]["auc"]))
for name, x, y in [("dormant fraction vs acc at 80% smallest-first", x_dormant, y_rev08),
                   ("dormant fraction vs random-removal AUC", x_dormant, y_rand_auc),
                   ("layer-1 pixel degree Gini vs random-removal AUC", x_gini, y_rand_auc),
                   ("layer-1 pixel degree Gini vs acc at 80% smallest-first", x_gini, y_rev08)]:
    if len(x) >= 3:
        print(f"| {name} | {statistics.correlation(ranks(x), ranks(y)):.3f} | {statistics.correlation(x, y):.3f} | {len(x)} |")

print("\n## weakest layer (AUC when only that layer is damaged; lower = weaker)")
auc = defaultdict(dict)
for d in layer_dirs:
    for k in (1, 2, 3):
        p = os.path.join(d, f"layer{k}", "summary.csv")
        if not os.path.exists(p): continue
        for r in rows(p):
            auc[(r["model"], r["perturbation"])][k] = (float(r["auc"]), r["accuracy_at_0.8"])
for (model, pert), per_layer in sorted(auc.items()):
    weakest = min(per_layer, key=lambda k: per_layer[k][0])
    print(f"| {os.path.basename(os.path.dirname(model))} | {pert} | " +
          " | ".join(f"{per_layer[k][0]:.3f}" if k in per_layer else "-" for k in (1, 2, 3)) + f" | layer {weakest} |")
