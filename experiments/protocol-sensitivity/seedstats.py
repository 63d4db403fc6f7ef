"""The statistics behind the verdicts (CRITERIA.md, amendment of 2026-12-06): t tests over seeds, t and bootstrap
intervals, Holm's correction, the sign test across cells and the seeds a test needs for 80% power.

Computed here with math and numpy only, so that scipy.stats (tests/SparseGpu.Tests/Sweeps/verdict_stats_check.py)
is an independent check of every p-value and interval. Holm's correction is the one in ../lib/verdict_tests.py, which
method-atlas/verdict.py uses too; seedstats.holm is that function.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from verdict_tests import holm  # noqa: E402,F401  (seedstats.holm: Holm's correction, shared with method-atlas)

ALPHA = 0.05
POWER = 0.8
BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 20261206
MOST_SEEDS = 1000


def _beta_continued_fraction(a, b, x):
    """The continued fraction of the regularized incomplete beta function (modified Lentz)."""
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a, b, x):
    """I_x(a, b), regularized."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1 - x) / b


def t_cdf(t, df):
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_two_sided_p(t, df):
    """P(|T| >= |t|) for Student's t with df degrees of freedom."""
    if math.isinf(t):
        return 0.0
    return incomplete_beta(df / 2, 0.5, df / (df + t * t))


def t_quantile(q, df):
    """The q-quantile of Student's t (bisection on t_cdf to double precision)."""
    if q == 0.5:
        return 0.0
    if q < 0.5:
        return -t_quantile(1 - q, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < q:
        low, high = high, 2 * high
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        low, high = (middle, high) if t_cdf(middle, df) < q else (low, middle)
    return (low + high) / 2


def mean_std(values):
    values = list(values)
    mean = math.fsum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


class Group:
    """One method's values over its seeds: the values by seed when they are known, else only mean, std and n."""

    def __init__(self, by_seed=None, mean=None, std=None, n=None):
        self.by_seed = dict(by_seed) if by_seed is not None else None
        if self.by_seed is not None:
            mean, std = mean_std(self.by_seed.values())
            n = len(self.by_seed)
        self.mean, self.std, self.n = mean, std, n

    def values(self):
        return None if self.by_seed is None else [self.by_seed[s] for s in sorted(self.by_seed)]


def _t_statistic(effect, se, df):
    if se == 0:
        t = 0.0 if effect == 0 else math.copysign(math.inf, effect)
    else:
        t = effect / se
    return t, t_two_sided_p(t, df)


def _t_interval(estimate, se, df):
    half = t_quantile(1 - ALPHA / 2, df) * se
    return estimate - half, estimate + half


def _percentile_interval(statistics):
    low, high = np.percentile(statistics, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    return float(low), float(high)


def bootstrap_mean(values):
    """95% percentile interval of the mean of one set of per-seed values (seeds resampled with replacement)."""
    values = np.asarray(values, dtype=float)
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    picks = rng.integers(0, len(values), size=(BOOTSTRAP_RESAMPLES, len(values)))
    return _percentile_interval(values[picks].mean(axis=1))


def bootstrap_difference(a, b):
    """95% percentile interval of mean(a) − mean(b), the two groups' seeds resampled independently."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    picks_a = rng.integers(0, len(a), size=(BOOTSTRAP_RESAMPLES, len(a)))
    picks_b = rng.integers(0, len(b), size=(BOOTSTRAP_RESAMPLES, len(b)))
    return _percentile_interval(a[picks_a].mean(axis=1) - b[picks_b].mean(axis=1))


def welch(a, b, margin=0.0):
    """Welch's t test of mean(a) − mean(b) against margin, from each group's mean, std and n. One group of a single
    value is a fixed reference: a one-sample t of the other. Returns (t, df, p, (t interval of the difference))."""
    difference = a.mean - b.mean
    if a.n < 2 or b.n < 2:
        other = b if a.n < 2 else a
        se, df = other.std / math.sqrt(other.n), other.n - 1
    else:
        va, vb = a.std**2 / a.n, b.std**2 / b.n
        se = math.sqrt(va + vb)
        df = (va + vb) ** 2 / (va**2 / (a.n - 1) + vb**2 / (b.n - 1)) if va + vb > 0 else a.n + b.n - 2
    t, p = _t_statistic(difference - margin, se, df)
    return t, df, p, _t_interval(difference, se, df)


def one_sample(values, margin):
    """One-sample t test of mean(values) against margin: (t, df, p, (t interval of the mean))."""
    mean, std = mean_std(values)
    se, df = std / math.sqrt(len(values)), len(values) - 1
    t, p = _t_statistic(mean - margin, se, df)
    return t, df, p, _t_interval(mean, se, df)


def one_sample_from_summary(mean, std, n, margin):
    se, df = std / math.sqrt(n), n - 1
    t, p = _t_statistic(mean - margin, se, df)
    return t, df, p, _t_interval(mean, se, df)


def shared_seeds(a, b):
    """The seeds both groups have, when both are known by seed and have the same seeds; else None."""
    if a.by_seed is None or b.by_seed is None or set(a.by_seed) != set(b.by_seed):
        return None
    return sorted(a.by_seed)


def binomial_two_sided(k, n, p=0.5):
    """Exact two-sided binomial test: the probability of every count no likelier than k (scipy's "minlike")."""
    pmf = [math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, math.fsum(q for q in pmf if q <= pmf[k] * (1 + 1e-7)))


def power(n, standardized_effect, alpha, paired):
    """The shifted central-t approximation of a two-sided t test's power with n seeds per group."""
    if paired:
        df, delta = n - 1, standardized_effect * math.sqrt(n)
    else:
        df, delta = 2 * n - 2, standardized_effect * math.sqrt(n / 2)
    return 1 - t_cdf(t_quantile(1 - alpha / 2, df) - delta, df)


def seeds_needed(effect, std, alpha, paired):
    """The smallest n (≤ MOST_SEEDS) at which the test reaches POWER for this effect and spread; None beyond."""
    if std == 0:
        return 2
    standardized = abs(effect) / std
    if standardized == 0:
        return None
    for n in range(2, MOST_SEEDS + 1):
        if power(n, standardized, alpha, paired) >= POWER:
            return n
    return None
