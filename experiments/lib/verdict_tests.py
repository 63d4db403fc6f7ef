"""Holm's correction and Welch's test of the studies' verdict scripts, in one place.

holm() is the one Holm correction: method-atlas/verdict.py uses it, and protocol-sensitivity/seedstats.py hands it
on (seedstats.holm) to protocol-sensitivity/verdicts.py and removal-protocol/verdict.py.

welch_samples() is Welch's test of two samples by scipy.stats (method-atlas/verdict.py). seedstats.welch, Welch's
test from each group's mean, std and n on seedstats' own t distribution, stays in seedstats: it is computed with
math and numpy only so that scipy checks it independently (tests/SparseGpu.Tests/Sweeps/verdict_stats_check.py),
and the two agree to about 1e-15 but not to the bit, while each study's committed verdicts were made with its own.
scipy is imported inside welch_samples() for the same reason: importing this module for holm() loads no scipy.
"""
import math

import numpy as np


def holm(p_values):
    """Holm's step-down adjusted p-values, in the order given (None stays None). Ties keep their order, and a NaN
    p sorts last (as numpy's stable argsort puts it), where it adjusts to 1."""
    indexed = sorted(
        ((p, i) for i, p in enumerate(p_values) if p is not None), key=lambda pi: (math.isnan(pi[0]), pi[0], pi[1])
    )
    m, adjusted, running = len(indexed), list(p_values), 0.0
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def welch_samples(a, b):
    """Difference of means mean(a) − mean(b), its 95% Welch interval and Welch's two-sided p, of two samples."""
    from scipy import stats

    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    diff = float(np.mean(a) - np.mean(b))
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = stats.t.ppf(0.975, df) * se
    p = stats.ttest_ind(a, b, equal_var=False).pvalue
    return diff, diff - half, diff + half, float(p)
