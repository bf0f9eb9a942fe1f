# generated from templates/runtime/_forecast.py by runcomfy-codegen; do not edit
"""When will a running job finish? A forecast from the model's recent durations, and the pause
it implies. Pure arithmetic (standard library only); ``AdaptivePollPolicy`` uses it.

The forecast of the time left, ``X = D - a``, combines the model's recent run durations ``D``
(a kernel density: one normal bump per duration) with how long the job has been running, ``a``,
known only between two sightings (last seen queued, first seen running) and taken as uniform
between them. A queued job "has been running" for minus its expected wait. The durations are
first split into groups at wide gaps (a model run with two kinds of input, say 5 s and 10 s
videos, has two usual durations); each bump's width comes from the spread of its own group.

The pause: the longest ``p`` (between a floor and a cap) with ``p * P(0 < X <= p) <=
resolution**2 * f_max``, where ``f_max`` is the forecast's highest density. Near the most likely
finishing time this gives pauses of ``resolution`` seconds, longer ones where finishing is less
likely, and the cap far before the likely window or long after it (the durations were wrong:
then the job is polled like one we know nothing about). A pause never leaps over the window: the
probability mass it would skip counts against it. For a normal forecast of spread ``s`` this
spends about ``1.8 * s / resolution`` requests around the finish, and leaves a mean delay of about
``0.7 * resolution``.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence

__all__ = ["Forecast", "bumps"]

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SEARCH_STEPS = 10  # bisection steps: the cap / 1024, 5 ms for a 5 s cap
_GROUP_GAP = 0.25  # a gap of more than +28 % between sorted durations may separate groups ...
_GROUP_SPACING = 5.0  # ... if it is also this many times the usual spacing (both in log scale)


@functools.lru_cache(maxsize=256)
def bumps(durations: tuple[float, ...]) -> tuple[tuple[float, float], ...]:
    """(centre, width) of each duration's bump, sorted by centre.

    Groups are split at gaps wider than both 28 % and five times the usual spacing, and hold at
    least two durations (a lone outlier joins its neighbours, whose IQR ignores it). Within a
    group, the width is Silverman's rule on the group (``0.9 * min(sd, IQR / 1.34) *
    n**-0.2``), never below 3 % of the group's median plus 0.1 s (identical durations do not
    promise the next one to the millisecond); a duration alone in its group gets 10 % of itself.
    """
    ordered = sorted(durations)
    logs = [math.log(d) for d in ordered]
    gaps = [b - a for a, b in itertools.pairwise(logs)]
    usual = _median(gaps) if gaps else 0.0
    groups: list[list[float]] = [[ordered[0]]]
    for index, gap in enumerate(gaps, 1):
        wide = gap > _GROUP_GAP and gap > _GROUP_SPACING * usual
        if wide and len(groups[-1]) >= 2 and len(ordered) - index >= 2:  # no group of one
            groups.append([])
        groups[-1].append(ordered[index])
    return tuple((d, width) for group in groups for width in [_width(group)] for d in group)


def _width(group: Sequence[float]) -> float:
    n = len(group)
    median = _median(group)
    floor = 0.1 + 0.03 * median
    if n < 2:
        return max(floor, 0.1 * median)
    mean = sum(group) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in group) / (n - 1))
    iqr = _quantile(group, 0.75) - _quantile(group, 0.25)
    spread = min(sd, iqr / 1.34) if iqr > 0 else sd
    return max(floor, 0.9 * spread * math.pow(n, -0.2))


def _median(ordered: Sequence[float]) -> float:
    values = sorted(ordered)
    n = len(values)
    return values[n // 2] if n % 2 else 0.5 * (values[n // 2 - 1] + values[n // 2])


def _quantile(ordered: Sequence[float], q: float) -> float:
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Forecast:
    """The distribution of the seconds left before a job finishes."""

    __slots__ = ("_bumps", "_centres", "_durations", "_scales", "_unsure")

    def __init__(self, durations: Sequence[float], ran_at_least: float, ran_at_most: float) -> None:
        """``durations``: recent run durations of the model (at least one, each > 0); the job
        has been running for between ``ran_at_least`` and ``ran_at_most`` seconds (negative: it
        should start that many seconds from now)."""
        ran = 0.5 * (ran_at_least + ran_at_most)
        self._durations = tuple(durations)
        self._unsure = ran_at_most - ran_at_least
        self._bumps = _widened(self._durations, self._unsure)
        self._centres = [centre - ran for centre, _ in self._bumps]
        self._scales = [1.0 / (width * _SQRT2) for _, width in self._bumps]

    def cdf(self, x: float) -> float:
        """P(X <= x)."""
        total = sum(math.erf((x - c) * s) for c, s in zip(self._centres, self._scales, strict=True))
        return 0.5 + 0.5 * total / len(self._centres)

    def peak(self) -> float:
        """The highest density (read at the bumps' centres: close enough for a pause)."""
        return _peak(self._durations, self._unsure)

    def pause(self, *, resolution: float, floor: float, cap: float) -> float:
        """The longest pause in [floor, cap] whose skipped probability mass times its length is
        at most ``resolution**2`` times the peak density."""
        if cap <= floor:
            return cap
        done = self.cdf(0.0)
        skipped = cap * (self.cdf(cap) - done)
        # The peak is at least the widest bump's own height: far from the likely finish, that
        # settles it without the quadratic peak search.
        widest = max(width for _, width in self._bumps)
        lowest_peak = _INV_SQRT_2PI / (widest * len(self._bumps))
        if skipped <= resolution * resolution * lowest_peak:
            return cap
        budget = resolution * resolution * self.peak()
        if skipped <= budget:
            return cap

        def fits(pause: float) -> bool:
            return pause * (self.cdf(pause) - done) <= budget

        if not fits(floor):
            return floor
        low, high = floor, cap
        for _ in range(_SEARCH_STEPS):
            middle = 0.5 * (low + high)
            if fits(middle):
                low = middle
            else:
                high = middle
        return low


def _widened(durations: tuple[float, ...], unsure: float) -> tuple[tuple[float, float], ...]:
    """The bumps, each widened by a start known only within ``unsure`` seconds (uniform)."""
    extra = unsure * unsure / 12.0
    return tuple((centre, math.sqrt(width * width + extra)) for centre, width in bumps(durations))


@functools.lru_cache(maxsize=256)
def _peak(durations: tuple[float, ...], unsure: float) -> float:
    """The highest density of the bumps, read at their centres; the same for every pause of a
    running job (its start window keeps its width), hence cached."""
    placed = _widened(durations, unsure)
    best = max(sum(math.exp(-0.5 * ((x - c) / w) ** 2) / w for c, w in placed) for x, _ in placed)
    return best * _INV_SQRT_2PI / len(placed)
