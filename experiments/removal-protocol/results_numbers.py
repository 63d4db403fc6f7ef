"""The numbers of the removal-protocol study's RESULTS.md, recomputed from the committed verdicts.csv, effects.csv
and neuron-index.csv (which verdict.py writes from the cells' robustness CSVs). Run by ../lib/check_results.py."""
import os
import sys


def check(results, here):
    sys.path.insert(0, here)
    import tables

    for line in tables.verdict_lines(here) + tables.effect_lines(here) + tables.neuron_lines(here):
        results.quote(line.replace("{", "{{").replace("}", "}}"))
