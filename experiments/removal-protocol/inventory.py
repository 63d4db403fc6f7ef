"""What the study ran and what it cost: the committed models.csv and cells.csv, from the trained models' run folders
and the cells' robustness.json manifests (neither is committed: checkpoints and raw curves stay outside the repo).

Usage: inventory.py OUT_DIR GROUP=CELLS_DIR:MODELS_DIR [GROUP=CELLS_DIR:MODELS_DIR ...]

GROUP is verdict.py's (sparse-d0, dense-d0.3, imp-d0, ...); CELLS_DIR holds run-cells.sh's cell folders, MODELS_DIR
is the `sweep run` output whose runs/*/ trained the group's models. Writes:
- OUT_DIR/models.csv: one row per model: its run id, final test accuracy, links left in each hidden layer, epochs
  and training time (the sum of metrics.csv's train, topology and evaluation seconds over the epochs: the compute
  time, without the pauses of a resumed run), and the program commit that trained it;
- OUT_DIR/cells.csv: one row per cell folder (links and neuron cells, an unfinished one included with complete =
  false): perturbations, level grid, repeats, the cell's switches, models, blocks done and in all (one block: one
  model under one perturbation and repeat), wall-clock seconds of the robustness run (robustness.json), program
  commit and device.
Imports verdict.py (its group naming), so it needs numpy like verdict.py."""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verdict import CELLS, dropout_of, family_of  # noqa: E402


def commit_of(version):
    """The 9-character commit of a `program_version` such as 0.1.0+16fd2bb1156b...; '' when it names none."""
    return version.split("+", 1)[1][:9] if "+" in version else ""


def model_rows(group, models_dir):
    rows = []
    runs = os.path.join(models_dir, "runs")
    for run_id in sorted(os.listdir(runs)):
        folder = os.path.join(runs, run_id)
        if not os.path.exists(os.path.join(folder, "complete.json")):
            raise SystemExit(f"inventory.py: {folder} has not completed")
        with open(os.path.join(folder, "config.json")) as handle:
            config = json.load(handle)
        with open(os.path.join(folder, "metrics.csv"), newline="") as handle:
            epochs = list(csv.DictReader(handle))
        last = epochs[-1]
        seconds = sum(float(e[k]) for e in epochs for k in ("train_seconds", "topology_seconds", "eval_seconds"))
        settings = config["settings"]
        rows.append(
            [group, family_of(group, settings["method"]), dropout_of(group), settings["seed"], run_id,
             f"{float(last['test_accuracy']):.6g}", last["links_1"], last["links_2"], last["links_3"], len(epochs),
             f"{seconds:.1f}", commit_of(config["program_version"])]
        )
    return rows


# Perturbations without randomness run one repeat whatever --repeats says (checked against every finished cell).
DETERMINISTIC = {"reverse-weight-order", "weight-order", "neuron-in-degree"}


def switches_of(settings):
    compensation = settings.get("compensation") or {}
    rescale = compensation.get("rescale", "none")
    finetune = compensation.get("finetune_epochs", 0)
    return rescale, finetune


def cell_rows(group, cells_dir):
    rows = []
    for name in sorted(os.listdir(cells_dir)):
        manifest = os.path.join(cells_dir, name, "robustness.json")
        if name.removesuffix("-neurons") not in CELLS or not os.path.exists(manifest):
            continue
        with open(manifest) as handle:
            run = json.load(handle)
        settings = run["settings"]
        levels = settings["levels"]
        rescale, finetune = switches_of(settings)
        models = len(settings["models"])
        blocks = models * sum(1 if p in DETERMINISTIC else settings["repeats"] for p in settings["perturbations"])
        if run["complete"] and len(run["blocks"]) != blocks:
            raise SystemExit(f"inventory.py: {manifest} has {len(run['blocks'])} blocks, not the {blocks} expected")
        rows.append(
            [group, dropout_of(group), name, "+".join(settings["perturbations"]), len(levels), levels[0], levels[-1],
             settings["repeats"], rescale, finetune, models, len(run["blocks"]), blocks,
             "true" if run["complete"] else "false", f"{run['seconds']:.0f}", commit_of(run["program_version"]),
             run["device"]]
        )
    return rows


def main(out_dir, groups):
    models, cells = [], []
    for group, paths in groups:
        if ":" not in paths:
            raise SystemExit(f"inventory.py: '{group}={paths}' needs CELLS_DIR:MODELS_DIR")
        cells_dir, models_dir = paths.split(":", 1)
        models += model_rows(group, models_dir)
        cells += cell_rows(group, cells_dir)
    with open(os.path.join(out_dir, "models.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["group", "family", "dropout", "seed", "run_id", "test_accuracy", "links_1", "links_2",
                         "links_3", "epochs", "training_seconds", "program_commit"])
        writer.writerows(models)
    with open(os.path.join(out_dir, "cells.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["group", "dropout", "cell", "perturbations", "levels", "level_min", "level_max", "repeats",
                         "rescale", "finetune_epochs", "models", "blocks_done", "blocks", "complete", "seconds",
                         "program_commit", "device"])
        writer.writerows(cells)
    print(f"inventory.py: {len(models)} models, {len(cells)} cells")


if __name__ == "__main__":
    if len(sys.argv) < 3 or any("=" not in a for a in sys.argv[2:]):
        raise SystemExit(__doc__)
    main(sys.argv[1], [tuple(a.split("=", 1)) for a in sys.argv[2:]])
