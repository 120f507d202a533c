"""Progress status by distance to target: the "actual versus required growth rate" method of
Eurostat's SDG monitoring report and the SDSN Sustainable Development Report (see docs/monitor.md).

Pure functions on (year, value) pairs, so that they are tested by hand-computed cases.

With an ambition (target value and year):
    required = annual growth needed from the baseline to reach the ambition in the ambition year
    actual   = annual growth seen from the baseline to the latest value
    ratio    = actual / required
    on track   ratio >= 0.95, or the ambition is already reached
    moderate   0.6 <= ratio < 0.95
    off track  ratio < 0.6 (including movement away from the ambition)
Without an ambition, by the direction alone (Eurostat's rule for indicators without a target):
    on track   the indicator improves by more than 1% a year
    moderate   it improves by 0 to 1% a year
    off track  it deteriorates
Growth is compound (CAGR) when all values involved are positive, otherwise linear (change per
year relative to the size of the baseline). Fewer than three values from the baseline onward, or a
span shorter than two years: insufficient data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ON_TRACK, MODERATE, OFF_TRACK, INSUFFICIENT = "on_track", "moderate", "off_track", "insufficient_data"
STATUSES = (ON_TRACK, MODERATE, OFF_TRACK, INSUFFICIENT)
LABELS = {
    ON_TRACK: _("On track"),
    MODERATE: _("Moderate progress"),
    OFF_TRACK: _("Off track"),
    INSUFFICIENT: _("Insufficient data"),
}
ON_TRACK_RATIO = 0.95
MODERATE_RATIO = 0.6
NO_TARGET_ON_TRACK = 0.01
MIN_POINTS = 3
MIN_SPAN = 2
SCORES = {ON_TRACK: 2, MODERATE: 1, OFF_TRACK: 0}


@dataclass(frozen=True)
class Assessment:
    status: str
    actual: float | None = None  # annual growth seen (fraction, e.g. 0.021 = 2.1% a year)
    required: float | None = None  # annual growth needed (None without an ambition)
    ratio: float | None = None
    reason: str = ""

    @property
    def label(self):
        return LABELS[self.status]


def _growth(start: float, end: float, years: float, compound: bool) -> float:
    if compound:
        return (end / start) ** (1 / years) - 1
    return (end - start) / (abs(start) or 1.0) / years


def assess(
    series: list[tuple[int, float]],
    *,
    higher_is_better: bool,
    target_value: float | None = None,
    target_year: int | None = None,
    baseline_year: int | None = None,
    baseline_value: float | None = None,
) -> Assessment:
    """The status of one indicator. ``series`` are (year, value) of the total (no breakdown)."""
    points = sorted((int(y), float(v)) for y, v in series)
    if baseline_year is not None:
        points = [(y, v) for y, v in points if y >= baseline_year]
        if baseline_value is not None and (not points or points[0][0] != baseline_year):
            points.insert(0, (baseline_year, float(baseline_value)))
        elif baseline_value is not None:
            points[0] = (baseline_year, float(baseline_value))
    if len(points) < MIN_POINTS or points[-1][0] - points[0][0] < MIN_SPAN:
        return Assessment(INSUFFICIENT, reason="too_few_points")
    (y0, v0), (y1, v1) = points[0], points[-1]
    sign = 1 if higher_is_better else -1
    if target_value is not None and target_year is not None:
        reached = (v1 >= target_value) if higher_is_better else (v1 <= target_value)
        compound = v0 > 0 and v1 > 0 and target_value > 0
        actual = _growth(v0, v1, y1 - y0, compound)
        if reached:
            return Assessment(ON_TRACK, actual=actual, reason="reached")
        if target_year <= y0:
            return Assessment(INSUFFICIENT, actual=actual, reason="target_before_baseline")
        required = _growth(v0, target_value, target_year - y0, compound)
        if required * sign <= 0:  # the ambition lies behind the baseline: not yet reached, so moving away
            return Assessment(OFF_TRACK, actual=actual, required=required, reason="target_behind")
        ratio = actual / required
        if ratio >= ON_TRACK_RATIO:
            status = ON_TRACK
        elif ratio >= MODERATE_RATIO:
            status = MODERATE
        else:
            status = OFF_TRACK
        return Assessment(status, actual=actual, required=required, ratio=ratio)
    compound = v0 > 0 and v1 > 0
    actual = _growth(v0, v1, y1 - y0, compound)
    improvement = actual * sign
    if improvement > NO_TARGET_ON_TRACK:
        status = ON_TRACK
    elif improvement >= 0:
        status = MODERATE
    else:
        status = OFF_TRACK
    return Assessment(status, actual=actual, reason="direction")


def goal_status(statuses: list[str]) -> str:
    """A goal's status: the mean score of its indicators with enough data (on track 2, moderate 1,
    off track 0): at least 1.5 on track, at least 0.75 moderate, below that off track."""
    scores = [SCORES[s] for s in statuses if s in SCORES]
    if not scores:
        return INSUFFICIENT
    mean = sum(scores) / len(scores)
    if mean >= 1.5:
        return ON_TRACK
    if mean >= 0.75:
        return MODERATE
    return OFF_TRACK
