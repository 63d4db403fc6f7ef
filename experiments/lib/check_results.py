#!/usr/bin/env python3
"""Recomputes the numbers each study's RESULTS.md quotes from the study's committed CSV tables, so the text cannot
drift from the data (issue 29 §3). Standard library only.

Every experiments/STUDY/RESULTS.md needs an experiments/STUDY/results_numbers.py beside it, with a function
`check(results, study_dir)`; it reads the committed tables and calls `results.quote(template, *values)`: the
template formatted with the recomputed values (str.format) must occur in RESULTS.md, whitespace runs (line breaks
included) counting as one space. A quoted number changed by hand, or a table changed without the text, makes its
quote missing and the check fail.

Usage: check_results.py [EXPERIMENTS_DIR] [--results STUDY=FILE ...]
  EXPERIMENTS_DIR  default: the folder above this script's
  --results        check FILE instead of STUDY/RESULTS.md (tests use it to show that an edited number fails)
The repository's README.md and experiments/README.md, which quote the studies, are checked the same way by
readme_numbers.py (--results README.md=FILE or experiments/README.md=FILE checks a copy).
Prints one line per study and README (quotes checked, numbers of the text inside a checked quote) and every missing
quote; exits 1 when a quote is missing or a study has no results_numbers.py."""
import csv
from decimal import ROUND_HALF_UP, Decimal
import importlib.util
import os
import re
import sys

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def rows(path):
    """The rows of a CSV file as dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class Alt:
    """A number whose last quoted digit the committed table cannot decide (it is rounded itself, or the value is a
    tie): any of these spellings is accepted."""

    def __init__(self, spellings):
        self.spellings = sorted(set(spellings))

    def __format__(self, spec):
        # Survives f-strings and concatenation; Results.quote turns it into a regex alternation.
        return OPEN + SEP.join(self.spellings) + CLOSE

    __str__ = lambda self: format(self, "")


OPEN, SEP, CLOSE = "\ue000", "\ue002", "\ue001"
ALTERNATIVES = re.compile(OPEN + "([^" + CLOSE + "]*)" + CLOSE)


def num(x, decimals, tolerance=0.0, minus="-"):
    """x with fixed decimals; every rounding of a value within ±tolerance of x is accepted, and so is rounding half
    up (the C# program's habit) besides Python's round-half-even."""
    x = float(x)
    spellings = {f"{v:.{decimals}f}" for v in (x - tolerance, x, x + tolerance)}
    spellings.add(str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)))
    spellings = {"0" if s.strip("-0.") == "" and decimals == 0 else s for s in spellings}
    spellings = {s.replace("-", minus) for s in spellings}
    return spellings.pop() if len(spellings) == 1 else Alt(spellings)


def pct(x, decimals=2):
    """A fraction of a committed table (6 decimals) as a percentage: pct(0.9752) == '97.52'."""
    return num(100 * float(x), decimals, tolerance=5e-5)


def short(x, decimals=1):
    """Fixed decimals without a trailing '.0' (epochs '1', '9.2'), as `sweep report` writes them."""
    s = f"{float(x):.{decimals}f}"
    return s[:-2] if s.endswith(".0") and decimals == 1 else s


def level(x):
    """A perturbation level as the report writes it: up to 3 decimals, trailing zeros dropped (1, 0.44, 0.104)."""
    return f"{round(float(x), 3):g}"


def sci(x, decimals):
    """Scientific notation without a padded exponent: sci(1.86e-07, 0) == '2e-7'."""
    mantissa, exponent = f"{float(x):.{decimals}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


class Results:
    """One RESULTS.md: the quotes checked against it and the ones not found."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.text = " ".join(f.read().split())
        self.path = path
        self.quotes = 0
        self.missing = []
        self.spans = []

    def quote(self, template, *values):
        """template.format(*values) must occur in the text; a number given as Alt matches any of its spellings."""
        expected = " ".join(template.format(*values).split())
        pattern, readable, at = "", "", 0
        for m in ALTERNATIVES.finditer(expected):
            spellings = m.group(1).split(SEP)
            pattern += re.escape(expected[at:m.start()]) + "(?:" + "|".join(re.escape(s) for s in spellings) + ")"
            readable += expected[at:m.start()] + "|".join(spellings)
            at = m.end()
        pattern += re.escape(expected[at:])
        readable += expected[at:]
        self.quotes += 1
        found = [m.span() for m in re.finditer(pattern, self.text)]
        if not found:
            self.missing.append(readable)
        self.spans.extend(found)

    def coverage(self):
        """(numbers of the text inside a checked quote, all numbers of the text)."""
        numbers = [m.start() for m in NUMBER.finditer(self.text)]
        inside = sum(1 for n in numbers if any(a <= n < b for a, b in self.spans))
        return inside, len(numbers)


def load_checker(path):
    spec = importlib.util.spec_from_file_location(f"results_numbers_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv):
    experiments = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    overrides = {}
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--results":
            study, _, file = args.pop(0).partition("=")
            overrides[study] = file
        else:
            experiments = a
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the studies' checkers import this module
    failures = 0
    for study in sorted(os.listdir(experiments)):
        folder = os.path.join(experiments, study)
        results_md = overrides.get(study, os.path.join(folder, "RESULTS.md"))
        if not os.path.isfile(os.path.join(folder, "RESULTS.md")):
            continue
        checker = os.path.join(folder, "results_numbers.py")
        if not os.path.isfile(checker):
            print(f"{study}: RESULTS.md has no results_numbers.py recomputing its numbers")
            failures += 1
            continue
        results = Results(results_md)
        load_checker(checker).check(results, folder)
        inside, total = results.coverage()
        print(f"{study}: {results.quotes} quotes, {len(results.missing)} missing; "
              f"{inside} of {total} numbers in RESULTS.md inside a checked quote")
        for m in results.missing:
            print(f"  missing in {study}/RESULTS.md: {m}")
        failures += len(results.missing)
    # The two READMEs quote the studies too (readme_numbers.py).
    import readme_numbers

    for name, relative, check in readme_numbers.READMES:
        results = Results(overrides.get(name, os.path.join(experiments, relative)))
        check(results, experiments)
        inside, total = results.coverage()
        print(f"{name}: {results.quotes} quotes, {len(results.missing)} missing; "
              f"{inside} of {total} numbers inside a checked quote")
        for m in results.missing:
            print(f"  missing in {name}: {m}")
        failures += len(results.missing)
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
