"""Reads of the budget app. Every function runs a fixed number of queries, whatever the number of
years, lines or peers (tested), and returns Decimals, never floats."""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

from apps.goals.models import Goal
from apps.municipalities.models import SizeClass

from .models import VERSION_RANK, Budget, BudgetLine, GoalTotal, LineShare
from .services import default_key

SHARE = Decimal("0.0001")


def optional(module: str, name: str):
    """Another app's function if that app exists (see docs/contracts): None before it is merged."""
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _rank(budget) -> tuple:
    return (budget.year, VERSION_RANK[budget.version], budget.number)


def municipality_budgets(*, municipality) -> list[Budget]:
    """All budgets of a municipality, newest year first, versions side by side (1 query)."""
    budgets = list(Budget.objects.filter(municipality=municipality).select_related("municipality"))
    return sorted(budgets, key=_rank, reverse=True)


def representative(budgets) -> dict[int, Budget]:
    """Per year the most final version: the annual accounts, else the latest amendment, else the original budget."""
    chosen = {}
    for budget in budgets:
        if budget.year not in chosen or _rank(budget) > _rank(chosen[budget.year]):
            chosen[budget.year] = budget
    return dict(sorted(chosen.items()))


def _share(amount: Decimal, total: Decimal) -> Decimal:
    if not total:
        return Decimal(0)
    return (amount / total).quantize(SHARE, rounding=ROUND_HALF_UP)


def goals_list() -> list[Goal]:
    return list(Goal.objects.order_by("number"))


def budget_goals(*, budget: Budget, goals: list[Goal] | None = None) -> list[dict]:
    """17 rows {goal, amount, share, gap} for a budget (2 queries)."""
    goals = goals_list() if goals is None else goals
    amounts = dict(GoalTotal.objects.filter(budget=budget).values_list("goal_id", "amount"))
    return [
        {
            "goal": g,
            "amount": amounts.get(g.number, Decimal(0)),
            "share": _share(amounts.get(g.number, Decimal(0)), budget.total_lasten),
            "gap": amounts.get(g.number, 0) == 0,  # "geen budget" only for exactly zero; a negative total is shown as it is
        }
        for g in goals
    ]


MIN_BAR = 3  # px: an amount that is not zero is always visible


def chart_bars(rows: list[dict], *, width: int = 560) -> dict:
    """Geometry for the horizontal bar chart (SVG) of budget_goals rows. Negative amounts are drawn
    left of the zero axis, positive ones right of it, on one scale; an amount that is not zero gets
    at least MIN_BAR pixels (its exact amount is in the label); zero draws no bar."""
    top = max((r["amount"] for r in rows), default=Decimal(0))
    bottom = min((r["amount"] for r in rows), default=Decimal(0))
    top, bottom = max(top, Decimal(0)), min(bottom, Decimal(0))
    span = top - bottom
    axis = 44 + (int((-bottom / span) * width) if span else 0)
    bars = []
    for index, row in enumerate(rows):
        amount = row["amount"]
        length = int((abs(amount) / span) * width) if span else 0
        if amount and length < MIN_BAR:
            length = MIN_BAR
        x = axis - length if amount < 0 else axis
        label_x = axis + length + 6 if amount >= 0 else axis + 6
        bars.append({**row, "y": index * 28, "x": x, "length": length, "label_x": label_x, "negative": amount < 0})
    return {"bars": bars, "height": len(rows) * 28, "width": width + 44 + 170, "axis": axis}


def budget_lines(*, budget: Budget) -> list[dict]:
    """The lines with their split (own tagging, the default key, in proportion for support
    taakvelden, or separately) and per-goal amounts (3 queries)."""
    from .services import lines_allocate

    key = default_key()
    lines = list(BudgetLine.objects.filter(budget=budget).select_related("taakveld").order_by("taakveld__order", "programme", "pk"))
    shares = defaultdict(list)
    for line_id, goal, pct in LineShare.objects.filter(line__budget=budget).values_list("line_id", "goal_id", "percentage").order_by("goal_id"):
        shares[line_id].append((goal, pct))
    children = defaultdict(Decimal)
    for line in lines:
        if line.parent_id:
            children[line.parent_id] += line.lasten
    values = [
        {
            "id": line.pk,
            "taakveld_id": line.taakveld_id,
            "parent_id": line.parent_id,
            "lasten": line.lasten,
            "tagged": line.tagged,
            "counts_in_total": line.taakveld.counts_in_total,
            "role": line.taakveld.role,
        }
        for line in lines
    ]
    allocation = lines_allocate(values, shares, key, mode=budget.key_mode)
    rows = []
    by_parent = defaultdict(list)
    for line in lines:
        how = allocation.how.get(line.pk, "excluded")
        parts = allocation.per_line.get(line.pk, {})
        effective = line.lasten - children.get(line.pk, Decimal(0))
        if how == "distributed":
            split = [(g, (Decimal(c) * 100 / int(effective * 100)).quantize(Decimal("0.01"))) for g, c in sorted(parts.items())] if effective else []
        elif how == "own":
            split = shares.get(line.pk, [])
        elif how == "key":
            split = key.get(line.taakveld_id, [])
        else:
            split = []
        row = {
            "line": line,
            "id": line.pk,
            "code": line.taakveld.code,
            "original_code": line.original_code,
            "name": line.taakveld.name,
            "programme": line.programme,
            "label": line.label,
            "lasten": line.lasten,
            "effective": effective,
            "baten": line.baten,
            "shares": split,
            "amounts": {g: Decimal(c) / 100 for g, c in parts.items()},
            "tagged": line.tagged,
            "reason": line.reason,
            "counts": line.taakveld.counts_in_total,
            "how": how,
            "parent_id": line.parent_id,
        }
        if line.parent_id:
            by_parent[line.parent_id].append(row)
        else:
            rows.append(row)
    ordered = []
    for row in rows:
        ordered.append(row)
        ordered.extend(by_parent.get(row["id"], []))
    return ordered


def _per_year_totals(budgets: dict[int, Budget]) -> dict[int, dict[int, Decimal]]:
    totals = defaultdict(dict)
    ids = {b.pk: year for year, b in budgets.items()}
    for budget_id, goal, amount in GoalTotal.objects.filter(budget_id__in=ids).values_list("budget_id", "goal_id", "amount"):
        totals[ids[budget_id]][goal] = amount
    return totals


def year_over_year(*, municipality, budgets: list[Budget] | None = None, goals: list[Goal] | None = None, limit: int = 10) -> dict:
    """Per goal the amount of each year's most final version (2 queries, or 1 with ``budgets``)."""
    budgets = municipality_budgets(municipality=municipality) if budgets is None else budgets
    years = representative(budgets)
    years = dict(list(years.items())[-limit:])
    goals = goals_list() if goals is None else goals
    totals = _per_year_totals(years)
    rows = []
    for g in goals:
        cells = []
        previous = None
        for year, budget in years.items():
            amount = totals[year].get(g.number, Decimal(0))
            cells.append(
                {
                    "year": year,
                    "amount": amount,
                    "share": _share(amount, budget.total_lasten),
                    "change": None if previous is None else amount - previous,
                }
            )
            previous = amount
        rows.append({"goal": g, "cells": cells})
    return {"years": [{"year": y, "budget": b} for y, b in years.items()], "rows": rows}


def peers(*, budget: Budget, goals: list[Goal] | None = None) -> dict:
    """Per goal: this municipality's amount per inhabitant and the median of the other municipalities of
    the same size class for the same year (their most final version); 1 query."""
    municipality = budget.municipality
    goals = goals_list() if goals is None else goals
    if not municipality.population or not municipality.size_class:
        return {"count": 0, "rows": []}
    rows = (
        GoalTotal.objects.filter(budget__year=budget.year, budget__municipality__size_class=municipality.size_class)
        .exclude(budget__municipality=municipality)
        .values_list(
            "budget_id", "budget__municipality_id", "budget__version", "budget__number", "budget__municipality__population", "goal_id", "amount"
        )
    )
    chosen, amounts = {}, defaultdict(dict)
    for budget_id, municipality_id, version, number, population, goal, amount in rows:
        rank = (VERSION_RANK[version], number)
        if municipality_id not in chosen or rank > chosen[municipality_id][0]:
            chosen[municipality_id] = (rank, budget_id, population)
        amounts[budget_id][goal] = amount
    per_goal = defaultdict(list)
    for _version, budget_id, population in chosen.values():
        if population:
            for goal, amount in amounts[budget_id].items():
                per_goal[goal].append(amount / population)
    ours = dict(GoalTotal.objects.filter(budget=budget).values_list("goal_id", "amount"))
    result = []
    for g in goals:
        values = per_goal.get(g.number, [])
        own = (ours.get(g.number, Decimal(0)) / municipality.population).quantize(Decimal("0.01"))
        median = Decimal(statistics.median(values)).quantize(Decimal("0.01")) if values else None
        result.append({"goal": g, "own": own, "median": median, "difference": None if median is None else own - median})
    return {"count": len(chosen), "rows": result, "size_class": SizeClass(municipality.size_class).label}


def page_version(*, budget: Budget) -> str:
    """Changes whenever a figure on the municipality's budget page can change (1 query)."""
    from django.db.models import Count, Max, Q

    municipality = budget.municipality
    scope = Q(municipality=municipality)
    if municipality.size_class:
        scope |= Q(year=budget.year, municipality__size_class=municipality.size_class)
    found = Budget.objects.filter(scope).aggregate(changed=Max("updated_at"), count=Count("id"), total=Max("total_lasten"))
    return f"{found['changed'].isoformat() if found['changed'] else ''}:{found['count']}:{municipality.population}"


def goal_budget(*, municipality, year: int | None = None) -> dict | None:
    """Contract (docs in contracts.md): the latest (or given) year's most final version, with the
    amount and share per goal; None without a budget. 2 queries."""
    budgets = Budget.objects.filter(municipality=municipality)
    if year is not None:
        budgets = budgets.filter(year=year)
    chosen = None
    for budget in budgets.only("id", "year", "version", "number", "total_lasten"):
        if chosen is None or _rank(budget) > _rank(chosen):
            chosen = budget
    if chosen is None:
        return None
    amounts = dict(GoalTotal.objects.filter(budget=chosen).values_list("goal_id", "amount"))
    return {
        "year": chosen.year,
        "version_label": str(chosen.version_label),
        "total_lasten": chosen.total_lasten,
        "goals": {n: {"amount": amounts.get(n, Decimal(0)), "share": _share(amounts.get(n, Decimal(0)), chosen.total_lasten)} for n in range(1, 18)},
    }


def goal_lines(*, budget: Budget, goal: int) -> list[dict]:
    """The lines that contribute to ``goal`` in ``budget``, largest first."""
    rows = [dict(r, goal_amount=r["amounts"].get(goal, Decimal(0))) for r in budget_lines(budget=budget)]
    return sorted((r for r in rows if r["goal_amount"]), key=lambda r: -r["goal_amount"])


def goal_links(*, municipality, goal: int) -> dict:
    """Documents (policy scan) and indicators (monitor) of the same goal, where those apps exist."""
    documents = optional("apps.policyscan.selectors", "goal_documents")
    indicators = optional("apps.monitor.selectors", "goal_indicators")
    return {
        "documents": (documents(municipality=municipality, goal=goal) or []) if documents else None,
        "indicators": (indicators(municipality=municipality, goal=goal) or []) if indicators else None,
    }
