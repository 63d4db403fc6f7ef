#!/usr/bin/env python3
"""The numbers of RESULTS.md's "Structure" section, from `sparsegpu analyze` tables
(standard library only). Usage: summarize.py ANALYSIS_DIR [LAYERS_DIR...]
Prints per-method means ± std of the structure columns and, from `robustness --layers K` sweeps
(LAYERS_DIR/layerK/summary.csv), each model's weakest layer. The fixed-criteria correlations between structure and
robustness are correlations.py's, from committed per-model tables (run-correlations.sh)."""
import csv, os, statistics, sys
from collections import defaultdict

analysis = sys.argv[1]
layer_dirs = sys.argv[2:]

def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

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
