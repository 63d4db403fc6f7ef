"""The tables of RESULTS.md, as markdown rows built from the committed CSVs (verdicts.csv, effects.csv,
neuron-index.csv). RESULTS.md holds them verbatim and results_numbers.py checks that it still does.

Usage: tables.py [DIR]   prints every table (DIR: where the CSVs are; default: this folder)."""
import csv
import os
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


if __name__ == "__main__":
    here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for title, make in (("verdicts", verdict_lines), ("effects", effect_lines), ("neurons", neuron_lines)):
        print(f"<!-- {title} -->")
        print("\n".join(make(here)))
