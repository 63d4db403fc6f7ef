"""The verdicts of CRITERIA.md from the robustness CSVs of the study's cells.

Usage: verdict.py OUT_DIR GROUP=DIR [GROUP=DIR ...]

GROUP names the models' family and dropout: `sparse-d0`, `sparse-d0.3` (the families are then the models' methods:
rlr, ch3l3, none = static), `dense-d0`, `dense-d0.3`, `imp-d0`, ... DIR holds one folder per compensation cell
(base, fanin, ft1, fanin-ft1) written by run-cells.sh, each with its robustness.csv.

Writes OUT_DIR/r-by-seed.csv (r_s of every model, removal order and cell), OUT_DIR/verdicts.csv (claim 3 per cell),
OUT_DIR/effects.csv (each factor alone against the baseline cell, paired by seed), OUT_DIR/neuron-index.csv (the
neuron attacks' robustness index R per cell, where run-cells.sh PERTURBATIONS=neurons wrote CELL-neurons/) and prints
the explanation verdict of CRITERIA.md's "What would explain the disagreement". Statistics come from
../protocol-sensitivity/seedstats.py (math and numpy only).
"""
import csv
import itertools
import math
import os
import sys
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "protocol-sensitivity"))
import seedstats  # noqa: E402

THRESHOLD = 0.90
HALF = 0.5
ORDERS = {"random": "random", "reverse-weight-order": "smallest-first"}
CELLS = {  # cell folder -> (compensation, fine-tuning)
    "base": ("none", "0"),
    "fanin": ("fan-in", "0"),
    "ft1": ("none", "1 epoch"),
    "fanin-ft1": ("fan-in", "1 epoch"),
}
METHOD_FAMILY = {"rlr": "RLR", "ch3l3": "CH3L3", "none": "static", "imp": "IMP"}


def family_of(group, method):
    kind = group.split("-d")[0]
    if kind == "dense":
        return "dense"
    if kind == "imp":
        return "IMP"
    return METHOD_FAMILY.get(method, method)


def dropout_of(group):
    if "-d" not in group:
        raise SystemExit(f"verdict.py: group '{group}' names no dropout (e.g. sparse-d0, dense-d0.3)")
    return group.split("-d", 1)[1]


def read_cell(path, labels=ORDERS):
    """{(method, seed, label): {level: [accuracy per repeat]}} of one robustness.csv, for the perturbations that
    `labels` names (perturbation -> label)."""
    table = defaultdict(lambda: defaultdict(list))
    with open(path) as handle:
        for row in csv.DictReader(handle):
            if row["perturbation"] not in labels:
                continue
            key = (row["method"], int(row["seed"]), labels[row["perturbation"]])
            table[key][round(float(row["level"]), 10)].append(float(row["accuracy"]))
    return table


def complete(cell_dir):
    """Whether a cell's robustness run finished: an absent cell is skipped quietly, an unfinished one with a notice
    (its models would otherwise enter the verdicts with fewer seeds than the others)."""
    manifest = os.path.join(cell_dir, "robustness.json")
    if not os.path.exists(manifest):
        return False
    with open(manifest) as handle:
        if '"complete": true' in handle.read():
            return True
    print(f"verdict.py: {cell_dir} is not complete (still running or interrupted): left out", file=sys.stderr)
    return False


def worst_share(levels):
    """r_s: the smallest a(f) / a(0) over the grid levels 0 < f ≤ 0.5, a(f) the mean over repeats."""
    if 0.0 not in levels:
        raise SystemExit("verdict.py: a model's curve has no level 0")
    start = np.mean(levels[0.0])
    shares = [np.mean(a) / start for f, a in levels.items() if 0 < f <= HALF + 1e-12]
    if not shares:
        raise SystemExit("verdict.py: a model's curve has no level in (0, 0.5]")
    return min(shares)


def collect(groups):
    """[(family, dropout, cell, order, seed, r)] over every group and cell folder present."""
    rows = []
    for group, directory in groups:
        dropout = dropout_of(group)
        for cell in CELLS:
            path = os.path.join(directory, cell, "robustness.csv")
            if not complete(os.path.join(directory, cell)):
                continue
            for (method, seed, order), levels in sorted(read_cell(path).items()):
                rows.append((family_of(group, method), dropout, cell, order, seed, worst_share(levels)))
    return rows


NEURON_ATTACKS = ("neuron-random", "neuron-in-degree")


def neuron_index(groups):
    """[(attack, family, dropout, cell, n, R mean, R std)]: R of a model is its mean accuracy over every grid level
    (0 to 1 inclusive; the mean over repeats at each level), then mean and std over the models (seeds) of a cell."""
    by_cell = defaultdict(list)
    for group, directory in groups:
        dropout = dropout_of(group)
        for cell in CELLS:
            path = os.path.join(directory, cell + "-neurons", "robustness.csv")
            if not complete(os.path.join(directory, cell + "-neurons")):
                continue
            curves = read_cell(path, {attack: attack for attack in NEURON_ATTACKS})
            for (method, seed, attack), levels in curves.items():
                r = float(np.mean([np.mean(a) for a in levels.values()]))
                by_cell[(attack, family_of(group, method), dropout, cell)].append(r)
    rows = []
    for key, values in sorted(by_cell.items()):
        mean, std = seedstats.mean_std(values)
        rows.append((*key, len(values), mean, std))
    return rows


def fmt(x):
    return "" if x is None else f"{x:.6g}"


def judge(rows):
    """One verdict row per (order, family, dropout, cell), Holm across all cells of one removal order."""
    by_cell = defaultdict(dict)
    for family, dropout, cell, order, seed, r in rows:
        by_cell[(order, family, dropout, cell)][seed] = r
    verdicts = []
    for key, seeds in sorted(by_cell.items()):
        values = [seeds[s] for s in sorted(seeds)]
        mean, std = seedstats.mean_std(values)
        if len(values) >= 2:
            t, df, p_two, (low, high) = seedstats.one_sample(values, THRESHOLD)
            p = p_two / 2 if t > 0 else 1 - p_two / 2
        else:
            t = df = p = low = high = None
        boot = seedstats.bootstrap_mean(values)
        verdicts.append(dict(key=key, n=len(values), mean=mean, std=std, t=t, p=p, t_ci=(low, high), boot=boot))
    for order in set(v["key"][0] for v in verdicts):
        members = [v for v in verdicts if v["key"][0] == order]
        for v, adjusted in zip(members, seedstats.holm([v["p"] for v in members])):
            v["p_holm"] = adjusted
            if v["mean"] < THRESHOLD:
                v["verdict"] = "fails"
            elif adjusted is not None and adjusted < seedstats.ALPHA:
                v["verdict"] = "holds"
            else:
                v["verdict"] = f"not resolved at n = {v['n']}"
    return verdicts, by_cell


def explanation(verdicts):
    """CRITERIA.md's rules 1-4 for random removal, from the cells present."""
    holds = {(v["key"][1], v["key"][2], v["key"][3]): v["verdict"] for v in verdicts if v["key"][0] == "random"}
    lines = []

    def cell_of(compensation, finetune):
        return next(c for c, (comp, ft) in CELLS.items() if comp == compensation and ft == finetune)

    def combination_holds(factors):
        dropout = "0.3" if "dropout 0.3" in factors else "0"
        compensation = "fan-in" if "compensation" in factors else "none"
        cell = cell_of(compensation, "1 epoch" if "fine-tuning" in factors else "0")
        states = [holds.get((family, dropout, cell)) for family in ("RLR", "CH3L3")]
        if None in states:
            return None
        return all(s == "holds" for s in states)

    base = [holds.get((family, "0", "base")) for family in ("RLR", "CH3L3")]
    lines.append(f"rule 1 (baseline reproduces the disagreement): RLR {base[0]}, CH3L3 {base[1]}")
    if None in base:
        return lines + ["explanation: baseline cells missing"]
    if any(s != "fails" for s in base):
        return lines + ["explanation: the baseline does not reproduce the disagreement (that is the finding)"]
    factors = ["compensation", "fine-tuning", "dropout 0.3"]
    missing = []
    for size in (1, 2, 3):
        explaining = []
        for combination in itertools.combinations(factors, size):
            state = combination_holds(combination)
            if state is None:
                missing.append(" + ".join(combination))
            elif state:
                explaining.append(" + ".join(combination))
        if explaining:
            how = "alone" if size == 1 else "jointly"
            lines.append(f"explanation ({how}): {'; '.join(explaining)}")
            if missing:
                lines.append(f"  (combinations not run, smaller or equal in size: {', '.join(missing)})")
            return lines
    if missing:
        lines.append(f"no combination run makes claim 3 hold for both; not run: {', '.join(missing)}")
        return lines
    dense = holds.get(("dense", "0", "base"))
    if dense == "holds":
        lines.append("not explained by these protocol differences; holds for dense: attributed to the 1% density")
    elif dense is None:
        lines.append("not explained by these protocol differences; dense baseline cell not run")
    else:
        lines.append(f"not explained by these protocol differences; dense baseline {dense}: unexplained")
    return lines


def effects(by_cell):
    """Each factor alone against the baseline cell of the same family, paired by seed (rule 5)."""
    rows = []
    for (order, family, dropout, cell), seeds in sorted(by_cell.items()):
        if dropout == "0" and cell == "base":
            continue
        factor = {("0", "fanin"): "compensation", ("0", "ft1"): "fine-tuning", ("0.3", "base"): "dropout 0.3"}.get(
            (dropout, cell)
        )
        if factor is None:
            continue
        baseline = by_cell.get((order, family, "0", "base"))
        if baseline is None:
            continue
        shared = sorted(set(seeds) & set(baseline))
        if len(shared) < 2:
            continue
        differences = [seeds[s] - baseline[s] for s in shared]
        t, df, p, (low, high) = seedstats.one_sample(differences, 0.0)
        boot = seedstats.bootstrap_mean(differences)
        rows.append([order, family, factor, len(shared), np.mean(differences), low, high, boot[0], boot[1], p])
    return rows


def main(out_dir, groups):
    rows = collect(groups)
    if not rows:
        raise SystemExit("verdict.py: no robustness.csv found under the groups given")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "r-by-seed.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["removal", "family", "dropout", "compensation", "finetune", "seed", "r"])
        for family, dropout, cell, order, seed, r in sorted(rows, key=lambda x: (x[3], x[0], x[1], x[2], x[4])):
            writer.writerow([order, family, dropout, *CELLS[cell], seed, fmt(r)])
    verdicts, by_cell = judge(rows)
    with open(os.path.join(out_dir, "verdicts.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["removal", "family", "dropout", "compensation", "finetune", "n", "r_mean", "r_std", "t_ci_low",
             "t_ci_high", "boot_ci_low", "boot_ci_high", "t", "p_one_sided", "p_holm", "verdict"]
        )
        for v in verdicts:
            order, family, dropout, cell = v["key"]
            writer.writerow(
                [order, family, dropout, *CELLS[cell], v["n"], fmt(v["mean"]), fmt(v["std"]), fmt(v["t_ci"][0]),
                 fmt(v["t_ci"][1]), fmt(v["boot"][0]), fmt(v["boot"][1]), fmt(v["t"]), fmt(v["p"]),
                 fmt(v["p_holm"]), v["verdict"]]
            )
    with open(os.path.join(out_dir, "effects.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["removal", "family", "factor", "n", "effect", "t_ci_low", "t_ci_high", "boot_ci_low", "boot_ci_high",
             "p_two_sided"]
        )
        for row in effects(by_cell):
            writer.writerow(row[:4] + [fmt(x) for x in row[4:]])
    with open(os.path.join(out_dir, "neuron-index.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["attack", "family", "dropout", "compensation", "finetune", "n", "R_mean", "R_std"])
        for attack, family, dropout, cell, n, mean, std in neuron_index(groups):
            writer.writerow([attack, family, dropout, *CELLS[cell], n, fmt(mean), fmt(std)])
    for v in verdicts:
        order, family, dropout, cell = v["key"]
        print(f"{order:14} {family:7} d{dropout:4} {cell:10} r = {v['mean']:.4f} ± {v['std']:.4f}  "
              f"p_holm = {fmt(v['p_holm']):10} {v['verdict']}")
    for line in explanation(verdicts):
        print(line)


if __name__ == "__main__":
    if len(sys.argv) < 3 or any("=" not in a for a in sys.argv[2:]):
        raise SystemExit(__doc__)
    main(sys.argv[1], [tuple(a.split("=", 1)) for a in sys.argv[2:]])
