"""The study's figure: the share of accuracy kept, a(f) / a(0), against the fraction of links removed.

Usage: plot.py FIGURE.png GROUP=DIR [GROUP=DIR ...]   (the same GROUP=DIR arguments as verdict.py)

One column per model family, one row per removal order (random; smallest |w| first); one line per cell
(compensation x fine-tuning, solid at dropout 0, dashed at dropout 0.3): the mean over the seeds of each model's
curve (random removal: the mean over repeats first), the band one std over the seeds. The claim-3 threshold 0.90
and the criterion's range f <= 0.5 are drawn.
"""
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verdict  # noqa: E402

FAMILIES = ["RLR", "CH3L3", "static", "IMP", "dense"]
CELL_COLOURS = {"base": "#444444", "fanin": "#1f77b4", "ft1": "#ff7f0e", "fanin-ft1": "#2ca02c"}
CELL_LABELS = {"base": "none", "fanin": "fan-in rescale", "ft1": "1 epoch fine-tuning", "fanin-ft1": "both"}


def curves(groups):
    """{(order, family, dropout, cell): {seed: (levels, shares)}}."""
    table = defaultdict(dict)
    for group, directory in groups:
        dropout = verdict.dropout_of(group)
        for cell in verdict.CELLS:
            path = os.path.join(directory, cell, "robustness.csv")
            if not verdict.complete(os.path.join(directory, cell)):
                continue
            for (method, seed, order), levels in verdict.read_cell(path).items():
                grid = sorted(levels)
                means = np.array([np.mean(levels[f]) for f in grid])
                family = verdict.family_of(group, method)
                table[(order, family, dropout, cell)][seed] = (np.array(grid), means / means[0])
    return table


def main(figure, groups):
    table = curves(groups)
    if not table:
        raise SystemExit("plot.py: no robustness.csv found under the groups given")
    families = [f for f in FAMILIES if any(key[1] == f for key in table)]
    orders = ["random", "smallest-first"]
    fig, axes = plt.subplots(len(orders), len(families), figsize=(3.2 * len(families), 6.8), sharex=True, sharey="row")
    axes = np.atleast_2d(axes)
    legend = {}  # label -> line handle, one shared legend (per-panel ones hid the curves' low ends)
    for row, order in enumerate(orders):
        for column, family in enumerate(families):
            ax = axes[row, column]
            seeds_per_curve = set()
            dropouts = sorted({key[2] for key in table})
            cells = [(d, c) for d in dropouts for c in verdict.CELLS if (order, family, d, c) in table]
            for dropout, cell in cells:
                seeds = table[(order, family, dropout, cell)]
                grid = next(iter(seeds.values()))[0]
                stacked = np.array([shares for levels, shares in seeds.values() if np.array_equal(levels, grid)])
                if len(stacked) != len(seeds):
                    raise SystemExit(f"plot.py: models of {family} {cell} d{dropout} have different level grids")
                mean, std = stacked.mean(axis=0), stacked.std(axis=0, ddof=1) if len(stacked) > 1 else 0 * grid
                style = "-" if dropout == "0" else "--"
                label = f"{CELL_LABELS[cell]}, dropout {dropout}"
                (line,) = ax.plot(grid, mean, style, color=CELL_COLOURS[cell], label=label, linewidth=1.4)
                legend.setdefault((dropout, list(verdict.CELLS).index(cell)), line)
                seeds_per_curve.add(len(stacked))
                ax.fill_between(grid, mean - std, mean + std, color=CELL_COLOURS[cell], alpha=0.15, linewidth=0)
            ax.axhline(verdict.THRESHOLD, color="red", linewidth=0.8, linestyle=":")
            ax.axvline(verdict.HALF, color="grey", linewidth=0.8, linestyle=":")
            ax.set_ylim(0, 1.05)
            ax.grid(alpha=0.3)
            if row == 0:
                n = "–".join(str(k) for k in sorted({min(seeds_per_curve), max(seeds_per_curve)}))
                ax.set_title(f"{family} (n = {n} seeds a curve)", fontsize=10)
            if row == len(orders) - 1:
                ax.set_xlabel("fraction of links removed")
            if column == 0:
                ax.set_ylabel(f"{order}: a(f) / a(0)")
    fig.suptitle(
        "Removal-protocol study, MNIST, paper protocol: mean over seeds, band = 1 std over seeds; "
        "red: 0.90, grey: f = 0.5",
        fontsize=9,
    )
    handles = [legend[key] for key in sorted(legend)]
    fig.legend(handles, [h.get_label() for h in handles], loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(figure, dpi=130)
    print(f"plot.py: wrote {figure}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or any("=" not in a for a in sys.argv[2:]):
        raise SystemExit(__doc__)
    main(sys.argv[1], [tuple(a.split("=", 1)) for a in sys.argv[2:]])
