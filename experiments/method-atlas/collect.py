"""Builds models.csv for the method atlas (CRITERIA.md): one row per model with its four outcomes and six
structural measures, from run.sh's output folder. The committed models.csv is all verdict.py reads.

Usage: collect.py ATLAS_DIR OUT.csv
ATLAS_DIR/sweeps/<dataset>-<method>/robustness.csv gives the outcomes (a_m(f): the mean over repeats of the accuracy
at level f; the kept share k = a(f) / a(0) of the same perturbation):
  q1_compressibility   k(reverse-weight-order, 0.8)
  q2_random_tolerance  R(random), the mean of k over the level grid
  q3_link_fragility    1 - R(weight-order)
  q3_neuron_fragility  1 - R(neuron-in-degree)
ATLAS_DIR/structure/<spec>/structure.csv and network.csv give the measures of the sparse models (blank for dense).
A sweep that is not complete is left out and said so; a model is never left out because of its numbers.
"""
import csv
import json
import os
import statistics
import sys

OUTCOMES = ["q1_compressibility", "q2_random_tolerance", "q3_link_fragility", "q3_neuron_fragility"]
MEASURES = [
    "in_degree_gini_layer1",
    "in_degree_gini_mean",
    "pixels_connected_fraction",
    "log10_paths",
    "hidden_on_path_fraction",
    "weighted_efficiency",
]
LEVELS = 21


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def kept_shares(rows):
    """{(seed, perturbation): {level: kept share}} from one sweep's robustness rows."""
    accuracy = {}
    for r in rows:
        accuracy.setdefault((int(r["seed"]), r["perturbation"]), {}).setdefault(float(r["level"]), []).append(
            float(r["accuracy"])
        )
    shares = {}
    for key, by_level in accuracy.items():
        means = {level: statistics.fmean(values) for level, values in by_level.items()}
        shares[key] = {level: mean / means[0.0] for level, mean in means.items()}
    return shares


def robustness_index(shares):
    if len(shares) != LEVELS:
        raise SystemExit(f"collect.py: {len(shares)} levels where the design has {LEVELS}")
    return statistics.fmean(shares.values())


def structure_of(atlas):
    """{(dataset, seed, method): measures} over every analysed sparse spec."""
    found = {}
    root = os.path.join(atlas, "structure")
    for spec in sorted(os.listdir(root)) if os.path.isdir(root) else []:
        if spec.startswith("dense-"):
            continue
        layers = {}
        for r in read(os.path.join(root, spec, "structure.csv")):
            layers.setdefault((r["dataset"], int(r["seed"]), r["method"]), {})[int(r["layer"])] = r
        for r in read(os.path.join(root, spec, "network.csv")):
            key = (r["dataset"], int(r["seed"]), r["method"])
            sparse = [float(l["in_degree_gini"]) for l in layers[key].values()]
            found[key] = {
                "in_degree_gini_layer1": float(layers[key][1]["in_degree_gini"]),
                "in_degree_gini_mean": statistics.fmean(sparse),
                "pixels_connected_fraction": float(r["pixels_connected_fraction"]),
                "log10_paths": float(r["log10_paths"]),
                "hidden_on_path_fraction": float(r["hidden_on_path_fraction"]),
            }
    return found


def main(atlas, out):
    structure = structure_of(atlas)
    rows = []
    for sweep in sorted(os.listdir(os.path.join(atlas, "sweeps"))):
        folder = os.path.join(atlas, "sweeps", sweep)
        manifest = os.path.join(folder, "robustness.json")
        if not os.path.exists(manifest) or not json.load(open(manifest)).get("complete"):
            print(f"{sweep}: not complete, left out")
            continue
        dataset, label = sweep.rsplit("-", 1)
        label = "static" if label == "none" else label  # run.sh names static sparse by its method, none
        data = read(os.path.join(folder, "robustness.csv"))
        shares = kept_shares(data)
        efficiency = {  # dense sweeps run without measures (CRITERIA.md's amendment of 2026-12-07)
            int(r["seed"]): float(r["weighted_efficiency"])
            for r in data
            if label != "dense" and r["perturbation"] == "random" and float(r["level"]) == 0.0 and r["repeat"] == "0"
        }
        for seed in sorted({s for s, _ in shares}):
            accuracy0 = statistics.fmean(
                float(r["accuracy"])
                for r in data
                if int(r["seed"]) == seed and r["perturbation"] == "random" and float(r["level"]) == 0.0
            )
            row = {
                "dataset": dataset,
                "method": label,
                "seed": seed,
                "accuracy": accuracy0,
                "q1_compressibility": shares[(seed, "reverse-weight-order")][0.8],
                "q2_random_tolerance": robustness_index(shares[(seed, "random")]),
                "q3_link_fragility": 1 - robustness_index(shares[(seed, "weight-order")]),
                "q3_neuron_fragility": 1 - robustness_index(shares[(seed, "neuron-in-degree")]),
            }
            measures = structure.get((dataset, seed, "none" if label == "static" else label))
            if label == "dense" or measures is None:
                row.update({m: "" for m in MEASURES})
                if label != "dense":
                    print(f"{sweep} seed {seed}: no structure yet, measures blank")
            else:
                row.update(measures)
                row["weighted_efficiency"] = efficiency[seed]
            rows.append(row)
    with open(out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["dataset", "method", "seed", "accuracy"] + OUTCOMES + MEASURES,
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} models -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
