"""Builds models.csv (one row per model: x, y and its settings) from sweep folders and their `analyze` tables.

Usage: collect.py OUT.csv STUDY=SWEEP-DIR=ANALYSIS-DIR ...
x = Σ over sparse layers of weight_sq_sum · weight_sq_share_top20, over Σ weight_sq_sum (structure.csv);
y = accuracy at reverse-weight-order level 0.8 over accuracy at level 0 (the run's robustness/robustness.csv).
"""
import csv
import json
import os
import sys


def main(out, studies):
    rows = []
    for study in studies:
        name, sweep, analysis = study.split("=")
        layers = {}
        with open(os.path.join(analysis, "structure.csv")) as f:
            for r in csv.DictReader(f):
                layers.setdefault(os.path.basename(os.path.dirname(r["model"])), []).append(r)
        for run in sorted(layers):
            folder = os.path.join(sweep, "runs", run)
            settings = json.load(open(os.path.join(folder, "config.json")))["settings"]
            total = sum(float(r["weight_sq_sum"]) for r in layers[run])
            kept = sum(float(r["weight_sq_sum"]) * float(r["weight_sq_share_top20"]) for r in layers[run])
            accuracy = {}
            with open(os.path.join(folder, "robustness", "robustness.csv")) as f:
                for r in csv.DictReader(f):
                    accuracy[float(r["level"])] = float(r["accuracy"])
            rows.append(
                {
                    "study": name,
                    "run": run,
                    "dataset": settings["dataset"],
                    "method": settings["method"],
                    "seed": settings["seed"],
                    "learning_rate": settings["learning_rate"],
                    "weight_decay": settings["weight_decay"],
                    "zeta": settings["zeta"],
                    "density": settings.get("density", ""),
                    "accuracy": accuracy[0.0],
                    "accuracy_at_0.8": accuracy[0.8],
                    "x_weight_sq_share_kept": kept / total,
                    "y_accuracy_share_kept": accuracy[0.8] / accuracy[0.0],
                }
            )
    with open(out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} models -> {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
