"""Monitor reads: a municipality's set with status per indicator and goal, an indicator's series with
its peers, and the contract other apps call (``goal_indicators``). Query counts do not depend on the
number of indicators, values or municipalities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Avg, Count, F, Q
from django.urls import reverse

from apps.goals.models import Goal

from . import status as status_method
from .models import AdoptedIndicator, Indicator, ReferenceValue, Value

OPEN_DATA_SET = "Open data"


@dataclass
class Row:
    adoption: AdoptedIndicator
    indicator: Indicator
    series: list[tuple[int, float]]
    assessment: status_method.Assessment

    @property
    def latest(self):
        return self.series[-1] if self.series else None

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def status_label(self):
        return self.assessment.label


@dataclass
class GoalSummary:
    goal: Goal
    rows: list[Row] = field(default_factory=list)

    @property
    def status(self) -> str:
        return status_method.goal_status([r.status for r in self.rows])

    @property
    def status_label(self):
        return status_method.LABELS[self.status]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(status_method.STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts


def assess_adoption(adoption: AdoptedIndicator, series) -> status_method.Assessment:
    return status_method.assess(
        series,
        higher_is_better=adoption.indicator.higher_is_better,
        target_value=adoption.target_value,
        target_year=adoption.target_year if adoption.target_value is not None else None,
        baseline_year=adoption.baseline_year,
        baseline_value=adoption.baseline_value,
    )


def adoptions(municipality, *, public_only: bool, goal: int | None = None):
    scope = AdoptedIndicator.objects.filter(municipality=municipality).select_related("indicator").order_by("indicator__goal_id", "indicator__code")
    if public_only:
        scope = scope.filter(public=True)
    if goal:
        scope = scope.filter(indicator__goal_id=goal)
    return scope


def monitor_rows(municipality, *, public_only: bool, goal: int | None = None) -> list[Row]:
    """Every adopted indicator with its total series and status: two queries."""
    chosen = list(adoptions(municipality, public_only=public_only, goal=goal))
    series = defaultdict(list)
    if chosen:
        values = Value.objects.filter(municipality=municipality, disaggregation="", indicator_id__in=[a.indicator_id for a in chosen]).order_by(
            "year"
        )
        for indicator_id, year, value in values.values_list("indicator_id", "year", "value"):
            series[indicator_id].append((year, value))
        open_ids = [a.indicator_id for a in chosen if a.indicator.indicator_set == OPEN_DATA_SET]
        if open_ids:
            # an adopted open-data indicator: the published figures, unless the municipality entered its own for that year
            for indicator_id, points in open_series(municipality, open_ids).items():
                own = {year for year, _value in series[indicator_id]}
                series[indicator_id] = sorted([*series[indicator_id], *((y, v) for y, v in points if y not in own)])
    return [Row(a, a.indicator, series[a.indicator_id], assess_adoption(a, series[a.indicator_id])) for a in chosen]


def monitor_goals(municipality, *, public_only: bool) -> list[GoalSummary]:
    """All 17 goals with their indicators and status: three queries."""
    summaries = {g.number: GoalSummary(g) for g in Goal.objects.all()}
    for row in monitor_rows(municipality, public_only=public_only):
        summaries[row.indicator.goal_id].rows.append(row)
    return list(summaries.values())


def monitor_adoption(municipality, code: str, *, public_only: bool) -> AdoptedIndicator | None:
    scope = adoptions(municipality, public_only=public_only).select_related("indicator__goal")
    return scope.filter(Q(indicator__code=code) | Q(indicator__code=code.replace("-", "."))).first()


def peers(indicator: Indicator, municipality) -> dict:
    """Averages per year of the other member municipalities that show this indicator publicly: same
    size class, same province, all members (one query), and the campaign team's reference values
    (one query). An average of fewer than three municipalities is not shown (it would give away
    a single municipality's figure)."""
    peer_values = (
        Value.objects.filter(
            indicator=indicator,
            disaggregation="",
            municipality__membership__isnull=False,
            municipality__monitor_indicators__indicator=indicator,
            municipality__monitor_indicators__public=True,
        )
        .exclude(municipality=municipality)
        .values("year")
        .annotate(
            all_avg=Avg("value"),
            all_n=Count("id"),
            size_avg=Avg("value", filter=Q(municipality__size_class=municipality.size_class)),
            size_n=Count("id", filter=Q(municipality__size_class=municipality.size_class)),
            province_avg=Avg("value", filter=Q(municipality__province=municipality.province)),
            province_n=Count("id", filter=Q(municipality__province=municipality.province)),
        )
        .order_by("year")
    )
    groups = {"size": [], "province": [], "all": []}
    for row in peer_values:
        for group in groups:
            if row[f"{group}_n"] >= 3:
                groups[group].append((row["year"], row[f"{group}_avg"], row[f"{group}_n"]))
    references = defaultdict(list)
    size_area = f"GK{municipality.size_class}" if municipality.size_class else None
    for area, year, value in (
        ReferenceValue.objects.filter(indicator=indicator, area__in=["NL01", size_area]).order_by("year").values_list("area", "year", "value")
    ):
        references["national" if area == "NL01" else "size_reference"].append((year, value))
    return {**groups, "national": references["national"], "size_reference": references["size_reference"]}


def breakdowns(indicator: Indicator, municipality) -> dict[str, list[tuple[int, float]]]:
    result = defaultdict(list)
    for label, year, value in (
        Value.objects.filter(indicator=indicator, municipality=municipality)
        .exclude(disaggregation="")
        .order_by("disaggregation", "year")
        .values_list("disaggregation", "year", "value")
    ):
        result[label].append((year, value))
    return dict(result)


def public_series(*, municipality=None, indicator=None):
    """Values of public adopted indicators of member municipalities (open data and the API)."""
    values = Value.objects.filter(
        municipality__membership__isnull=False,
        municipality__monitor_indicators__indicator=F("indicator"),
        municipality__monitor_indicators__public=True,
    )
    if municipality is not None:
        values = values.filter(municipality=municipality)
    if indicator is not None:
        values = values.filter(indicator=indicator)
    return values


# --- contract: apps/monitor/selectors.goal_indicators (see brief contracts.md) --------------------


def goal_indicators(*, municipality, goal: int) -> list[dict]:
    """The municipality's adopted indicators of ``goal`` with their status: two queries."""
    result = []
    for row in monitor_rows(municipality, public_only=False, goal=goal):
        url = reverse("monitor:indicator", kwargs={"slug": municipality.slug, "code": row.indicator.slug}) if row.adoption.public else ""
        if not url:
            url = reverse("monitor_workspace:indicator", kwargs={"slug": municipality.slug, "pk": row.adoption.pk})
        result.append({"name": row.indicator.name, "url": url, "status": row.status, "status_label": str(row.status_label)})
    return result


# --- open data for every municipality ----------------------------------------------------------


PEER_GROUPS = ("size", "province", "all")


def peer_group_keys(municipality) -> dict[str, str]:
    keys = {"all": "all", "province": f"province:{municipality.province}"}
    if municipality.size_class:
        keys["size"] = f"size:{municipality.size_class}"
    return keys


@dataclass
class OpenRow:
    indicator: Indicator
    dataset: object
    points: list  # OpenValue, by year
    peers: dict[str, list[tuple[int, float, int]]] = field(default_factory=dict)
    assessment: status_method.Assessment | None = None

    @property
    def series(self) -> list[tuple[int, float]]:
        return [(p.year, p.value) for p in self.points if p.value is not None]

    @property
    def latest(self):
        with_value = [p for p in self.points if p.value is not None]
        return with_value[-1] if with_value else None

    @property
    def first(self):
        with_value = [p for p in self.points if p.value is not None]
        return with_value[0] if len(with_value) > 1 else None

    @property
    def empty_points(self):
        return [p for p in self.points if p.value is None]

    @property
    def computed_points(self):
        return [p for p in self.points if p.computation]

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def status_label(self):
        return self.assessment.label

    @property
    def peer_table(self) -> list[dict]:
        medians = {group: {y: (m, n) for y, m, n in points} for group, points in self.peers.items()}
        return [{"point": p, "peers": [medians.get(group, {}).get(p.year) for group in PEER_GROUPS]} for p in self.points]


@dataclass
class OpenGoal:
    goal: Goal
    rows: list[OpenRow] = field(default_factory=list)

    @property
    def status(self) -> str:
        return status_method.goal_status([r.status for r in self.rows])

    @property
    def status_label(self):
        return status_method.LABELS[self.status]


def hidden_open_indicator_ids(municipality) -> set[int]:
    from .models import HiddenOpenIndicator

    return set(HiddenOpenIndicator.objects.filter(municipality=municipality).values_list("indicator_id", flat=True))


def open_data_version() -> str:
    """Changes whenever a set is loaded (part of the cache key of the public page)."""
    from django.db.models import Max

    from .models import OpenDataset

    latest = OpenDataset.objects.aggregate(latest=Max("loaded_at"))["latest"]
    return latest.isoformat() if latest else "-"


def open_monitor(municipality, *, include_hidden: bool = False, exclude: set[int] = frozenset(), hidden: set[int] | None = None) -> list[OpenGoal]:
    """The 17 goals with the open-data indicators of ``municipality``: its values per year (with
    source, computation and rank), the status by the goal's direction and the medians of its peers.
    Four queries whatever the number of municipalities, indicators or years."""
    from .models import OpenPeerStat, OpenValue

    if include_hidden:
        hidden = set()
    elif hidden is None:
        hidden = hidden_open_indicator_ids(municipality)
    rows: dict[int, OpenRow] = {}
    values = (
        OpenValue.objects.filter(municipality=municipality)
        .exclude(indicator_id__in=hidden | set(exclude))
        .select_related("indicator", "dataset")
        .order_by("indicator__goal_id", "indicator__code", "year")
    )
    for item in values:
        row = rows.get(item.indicator_id)
        if row is None:
            row = rows[item.indicator_id] = OpenRow(item.indicator, item.dataset, [])
        row.points.append(item)
    groups = peer_group_keys(municipality)
    by_key = {key: group for group, key in groups.items()}
    if rows:
        stats = OpenPeerStat.objects.filter(indicator_id__in=list(rows), group__in=list(groups.values())).order_by("year")
        for indicator_id, group, year, median, count in stats.values_list("indicator_id", "group", "year", "median", "count"):
            rows[indicator_id].peers.setdefault(by_key[group], []).append((year, median, count))
    goals = {g.number: OpenGoal(g) for g in Goal.objects.all()}
    for row in rows.values():
        row.assessment = status_method.assess(row.series, higher_is_better=row.indicator.higher_is_better)
        if row.indicator.goal_id in goals:
            goals[row.indicator.goal_id].rows.append(row)
    return list(goals.values())


def open_monitor_all(municipality, *, version: str | None = None) -> list[OpenGoal]:
    """``open_monitor(include_hidden=True)`` (the workspace dashboard's table), cached per municipality
    and language until an open-data set is loaded (``open_data_version``), as the public monitor caches
    its open-data part: building it instantiates a few hundred values, indicators and datasets."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"monitor-open-all:{municipality.pk}:{get_language()}:{version or open_data_version()}"
    goals = cache.get(key)
    if goals is None:
        goals = open_monitor(municipality, include_hidden=True)
        cache.set(key, goals, 60 * 60 * 24)
    return goals


def open_rows_all(municipality, *, version: str | None = None) -> list[SimpleNamespace]:
    """The rows of ``open_monitor_all`` as the workspace dashboard's table shows them (indicator name,
    code, unit, decimals; the latest value; the dataset's source), as plain values cached per
    municipality and language until a set is loaded: reading them back costs no model instances
    (the full rows unpickle ~300 per request)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    version = version or open_data_version()
    key = f"monitor-open-rows:{municipality.pk}:{get_language()}:{version}"
    rows = cache.get(key)
    if rows is None:
        rows = []
        for goal in open_monitor_all(municipality, version=version):
            for row in goal.rows:
                indicator, latest, dataset = row.indicator, row.latest, row.dataset
                rows.append(
                    {
                        "indicator": {
                            "pk": indicator.pk,
                            "name": str(indicator.name),
                            "code": indicator.code,
                            "unit": str(indicator.unit),
                            "decimals": indicator.decimals,
                        },
                        "latest": {"value": latest.value, "year": latest.year} if latest else None,
                        "dataset": {"publisher": dataset.publisher, "table_id": dataset.table_id, "licence": dataset.licence} if dataset else None,
                    }
                )
        cache.set(key, rows, 60 * 60 * 24)
    return [
        SimpleNamespace(
            indicator=SimpleNamespace(**row["indicator"]),
            latest=SimpleNamespace(**row["latest"]) if row["latest"] else None,
            dataset=SimpleNamespace(**row["dataset"]) if row["dataset"] else None,
        )
        for row in rows
    ]


def open_series(municipality, indicator_ids) -> dict[int, list[tuple[int, float]]]:
    """Open-data values of ``municipality`` for these indicators (one query)."""
    from .models import OpenValue

    result = defaultdict(list)
    for indicator_id, year, value in (
        OpenValue.objects.filter(municipality=municipality, indicator_id__in=list(indicator_ids), value__isnull=False)
        .order_by("year")
        .values_list("indicator_id", "year", "value")
    ):
        result[indicator_id].append((year, value))
    return result


def open_values_export(municipality):
    """Every open-data value of ``municipality`` with its source (the open-data export)."""
    from .models import OpenValue

    return (
        OpenValue.objects.filter(municipality=municipality)
        .exclude(indicator_id__in=hidden_open_indicator_ids(municipality))
        .select_related("indicator", "dataset")
        .order_by("indicator__goal_id", "indicator__code", "year")
    )
