"""The tables of RESULTS.md, as markdown rows built from the committed CSVs (verdicts.csv, effects.csv,
neuron-index.csv, and inventory.py's models.csv and cells.csv). RESULTS.md holds them verbatim and results_numbers.py
checks that it still does.

Usage: tables.py [DIR]   prints every table (DIR: where the CSVs are; default: this folder)."""
import csv
import os
import statistics
import sys

ROW = "| {} |"


def _rows(directory, name):
    with open(os.path.join(directory, name), newline="") as handle:
        return list(csv.DictReader(handle))


def _p(x):
    return "–" if x == "" else f"{float(x):.2g}"


def verdict_lines(directory):
    lines = []
    for r in _rows(directory, "verdicts.csv"):
        interval = "–" if r["t_ci_low"] == "" else f"{float(r['t_ci_low']):.3f} – {float(r['t_ci_high']):.3f}"
        cells = [r["removal"], r["family"], r["dropout"], r["compensation"], r["finetune"], r["n"],
                 f"{float(r['r_mean']):.3f} ± {float(r['r_std']):.3f}", interval, _p(r["p_holm"]),
                 f"**{r['verdict']}**"]
        lines.append(ROW.format(" | ".join(cells)))
    return lines


def effect_lines(directory):
    lines = []
    for r in _rows(directory, "effects.csv"):
        cells = [r["removal"], r["family"], r["factor"], r["n"], f"{float(r['effect']):+.3f}",
                 f"{float(r['t_ci_low']):+.3f} – {float(r['t_ci_high']):+.3f}",
                 f"{float(r['boot_ci_low']):+.3f} – {float(r['boot_ci_high']):+.3f}", _p(r["p_two_sided"])]
        lines.append(ROW.format(" | ".join(cells)))
    return lines


def neuron_lines(directory):
    lines = []
    for r in _rows(directory, "neuron-index.csv"):
        cells = [r["attack"], r["family"], r["dropout"], r["compensation"], r["finetune"], r["n"],
                 f"{float(r['R_mean']):.3f} ± {float(r['R_std']):.3f}"]
        lines.append(ROW.format(" | ".join(cells)))
    return lines


# CRITERIA.md's design: every family at both dropout levels under the four compensation x fine-tuning cells, each
# with the link removals and the neuron attacks.
DESIGN_FAMILIES = ["RLR", "CH3L3", "static", "dense", "IMP"]
DESIGN_DROPOUTS = ["0", "0.3"]
DESIGN_CELLS = ["base", "fanin", "ft1", "fanin-ft1"]
FULL_LINKS = "random+reverse-weight-order"


def _span(values, spell):
    low, high = min(values), max(values)
    return spell(low) if low == high else f"{spell(low)}–{spell(high)}"


def model_lines(directory):
    """One row per family and dropout: models, final test accuracy (mean ± std over seeds, %), links left per hidden
    layer, epochs, training compute seconds (range over the models) and the training program's commit."""
    groups = {}
    for r in _rows(directory, "models.csv"):
        groups.setdefault((r["group"], r["family"], r["dropout"]), []).append(r)
    lines = []
    for (group, family, dropout), models in sorted(groups.items(), key=lambda kv: (
            DESIGN_DROPOUTS.index(kv[0][2]), DESIGN_FAMILIES.index(kv[0][1]))):
        accuracy = [100 * float(m["test_accuracy"]) for m in models]
        links = " / ".join(_span([int(m[f"links_{k}"]) for m in models], str) for k in (1, 2, 3))
        cells = [family, dropout, str(len(models)),
                 f"{statistics.mean(accuracy):.2f} ± {statistics.stdev(accuracy):.2f}", links,
                 _span([int(m["epochs"]) for m in models], str),
                 _span([float(m["training_seconds"]) for m in models], lambda x: f"{x:.0f}"),
                 ", ".join(sorted({m["program_commit"] for m in models}))]
        lines.append(ROW.format(" | ".join(cells)))
    return lines


def _levels(r):
    return f"{float(r['level_min']):g}–{float(r['level_max']):g} ({r['levels']})"


def _cell_order(r):
    """Groups as the design lists them (sparse, dense, IMP; dropout 0 first), then the link cells in the design's
    order, then the neuron cells."""
    kind, dropout = r["group"].split("-d", 1)
    cell = r["cell"].removesuffix("-neurons")
    return (["sparse", "dense", "imp"].index(kind), dropout, r["cell"].endswith("-neurons"), DESIGN_CELLS.index(cell))


def _seconds(r):
    if r["complete"] == "true":
        return r["seconds"]
    return f"{r['seconds']} (stopped after {r['blocks_done']} of {r['blocks']} blocks)"


def cell_lines(directory):
    """One row per robustness run (a cell folder of one group): what it removed, its switches, its cost."""
    lines = []
    for r in sorted(_rows(directory, "cells.csv"), key=_cell_order):
        switches = [f"rescale {r['rescale']}"] if r["rescale"] != "none" else []
        switches += [f"fine-tune {r['finetune_epochs']} epoch"] if r["finetune_epochs"] != "0" else []
        cells = [r["group"], r["cell"], r["perturbations"].replace("+", ", "), _levels(r), r["repeats"],
                 ", ".join(switches) or "none", r["models"], _seconds(r), r["program_commit"]]
        lines.append(ROW.format(" | ".join(cells)))
    return lines


def design_state(directory):
    """{(family, dropout): (link cells run, link cells partial, neuron cells run)} over CRITERIA.md's design, from
    which group trained which family (models.csv) and which cells each group ran (cells.csv)."""
    families = {}
    for r in _rows(directory, "models.csv"):
        families.setdefault(r["group"], set()).add(r["family"])
    state = {(f, d): ([], [], []) for f in DESIGN_FAMILIES for d in DESIGN_DROPOUTS}
    for r in sorted(_rows(directory, "cells.csv"), key=_cell_order):
        if r["complete"] != "true":
            continue
        for family in families.get(r["group"], ()):
            run, partial, neurons = state[(family, r["dropout"])]
            if r["cell"].endswith("-neurons"):
                neurons.append(r["cell"].removesuffix("-neurons"))
            elif r["perturbations"] == FULL_LINKS and float(r["level_max"]) == 1:
                run.append(r["cell"])
            else:
                levels = f"{float(r['level_min']):g}–{float(r['level_max']):g}"
                partial.append(f"{r['cell']} ({r['perturbations'].replace('+', ', ')} only, levels {levels})")
    return state, families


def left_lines(directory):
    """One row per family and dropout of the design: the cells run and the cells left, links and neuron attacks."""
    state, families = design_state(directory)
    trained = {(f, g.split("-d", 1)[1]) for g, fs in families.items() for f in fs}
    lines = []
    for family in DESIGN_FAMILIES:
        for dropout in DESIGN_DROPOUTS:
            run, partial, neurons = state[(family, dropout)]
            partial_names = [p.split(" ", 1)[0] for p in partial]
            links_left = [c for c in DESIGN_CELLS if c not in run and c not in partial_names]
            neurons_left = [c for c in DESIGN_CELLS if c not in neurons]
            cells = [family, dropout, "yes" if (family, dropout) in trained else "**no**",
                     ", ".join(run + partial) or "–", ", ".join(links_left) or "–", ", ".join(neurons) or "–",
                     ", ".join(neurons_left) or "–"]
            lines.append(ROW.format(" | ".join(cells)))
    return lines


def design_counts(directory):
    """(link cells run in full, link cells run in part, neuron cells run, cells of the design per kind)."""
    state, _ = design_state(directory)
    return (sum(len(v[0]) for v in state.values()), sum(len(v[1]) for v in state.values()),
            sum(len(v[2]) for v in state.values()), len(state) * len(DESIGN_CELLS))


TABLES = (("models", model_lines), ("cells", cell_lines), ("design", left_lines), ("verdicts", verdict_lines),
          ("effects", effect_lines), ("neurons", neuron_lines))

if __name__ == "__main__":
    here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for title, make in TABLES:
        print(f"<!-- {title} -->")
        print("\n".join(make(here)))
