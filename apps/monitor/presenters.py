"""What an indicator page shows, for the public page and the workspace alike: chart, legend, table."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import charts, selectors

PEER_COLOURS = {"size": "#6b3fa0", "province": "#a0522d", "all": "#4d4d4d", "national": "#000000"}


def indicator_view(adoption, *, municipality) -> dict:
    """Five queries: series, breakdowns, peers, references (plus the adoption the caller loaded)."""
    indicator = adoption.indicator
    goal = indicator.goal
    series = list(adoption.indicator.values.filter(municipality=municipality, disaggregation="").order_by("year").values_list("year", "value"))
    if indicator.indicator_set == selectors.OPEN_DATA_SET:
        own = {year for year, _value in series}
        published = selectors.open_series(municipality, [indicator.pk]).get(indicator.pk, [])
        series = sorted([*series, *((y, v) for y, v in published if y not in own)])
    assessment = selectors.assess_adoption(adoption, series)
    peer = selectors.peers(indicator, municipality)
    parts = selectors.breakdowns(indicator, municipality)
    lines = [charts.Line(municipality.display_name, series, colour=goal.colour if goal.text_colour == "#ffffff" else "#01689b", width=3)]
    if adoption.target_value is not None:
        start = (adoption.baseline_year, adoption.baseline_value) if adoption.baseline_year is not None else (series[0] if series else None)
        if start is not None and start[1] is not None:
            lines.append(
                charts.Line(
                    _("Ambition %(year)s") % {"year": adoption.target_year},
                    [start, (adoption.target_year, adoption.target_value)],
                    colour="#007a3d",
                    dash="8 5",
                    marker="diamond",
                )
            )
    labels = {
        "size": _("Same size class (average)"),
        "province": _("Same province (average)"),
        "all": _("All members (average)"),
        "national": _("The Netherlands"),
    }
    dashes = {"size": "6 4", "province": "2 3", "all": "10 3 2 3", "national": "1 4"}
    markers = {"size": "square", "province": "triangle", "all": "none", "national": "none"}
    for key in ("size", "province", "all", "national"):
        points = [(p[0], p[1]) for p in peer[key]]
        lines.append(charts.Line(labels[key], points, colour=PEER_COLOURS[key], dash=dashes[key], marker=markers[key], width=2))
    chart = charts.line_chart(
        lines,
        title=_("%(indicator)s in %(name)s, with ambition and comparison") % {"indicator": indicator.name, "name": municipality.display_name},
        unit=indicator.unit,
        decimals=indicator.decimals,
    )
    # the table: one row per year, a column per line
    years = sorted({y for line in lines for y, _v in line.points})
    columns = [line for line in lines if line.points]
    table = [{"year": year, "cells": [dict(line.points).get(year) for line in columns]} for year in years]
    breakdown_years = sorted({y for points in parts.values() for y, _v in points})
    breakdown_table = [{"label": label, "cells": [dict(points).get(y) for y in breakdown_years]} for label, points in parts.items()]
    growth = None
    if assessment.actual is not None and assessment.required is not None:
        growth = {"actual": assessment.actual * 100, "required": assessment.required * 100}
    return {
        "growth": growth,
        "adoption": adoption,
        "indicator": indicator,
        "goal": goal,
        "series": series,
        "assessment": assessment,
        "chart": chart,
        "legend": charts.legend(lines),
        "table_columns": [line.label for line in columns],
        "table": table,
        "peer_counts": {key: (peer[key][-1][2] if peer[key] else 0) for key in ("size", "province", "all")},
        "breakdown_years": breakdown_years,
        "breakdown_table": breakdown_table,
    }


def open_goals_view(goals, *, municipality) -> list:
    """Adds a chart and its legend to every open-data row (no queries: the rows carry their data)."""
    labels = {"size": _("Same size class (median)"), "province": _("Same province (median)"), "all": _("All municipalities (median)")}
    dashes = {"size": "6 4", "province": "2 3", "all": "10 3 2 3"}
    markers = {"size": "square", "province": "triangle", "all": "none"}
    for goal_summary in goals:
        goal = goal_summary.goal
        for row in goal_summary.rows:
            lines = [charts.Line(municipality.display_name, row.series, colour=goal.colour if goal.text_colour == "#ffffff" else "#01689b", width=3)]
            for key in selectors.PEER_GROUPS:
                points = [(y, m) for y, m, _n in row.peers.get(key, [])]
                lines.append(charts.Line(labels[key], points, colour=PEER_COLOURS[key], dash=dashes[key], marker=markers[key], width=2))
            row.chart = (
                charts.line_chart(
                    lines,
                    title=_("%(indicator)s in %(name)s, with the medians of comparable municipalities")
                    % {"indicator": row.indicator.name, "name": municipality.display_name},
                    unit=row.indicator.unit,
                    decimals=row.indicator.decimals,
                )
                if len(row.series) > 1
                else ""
            )
            row.legend = charts.legend(lines) if row.chart else []
    return goals
