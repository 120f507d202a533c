"""Budgets for `make run`: the real CBS Iv3 begroting 2023, 2024 and 2025 of every municipality
(apps/budget/data/cbs/, Bron: CBS, CC BY 4.0), with own tagging, an own line and a Global Goals
paragraph on Utrecht's begroting 2025 (the demo coordinator's municipality). Idempotent; bulk inserts."""

from __future__ import annotations

import time
from decimal import Decimal

from django.utils import translation

from .models import Budget, Version
from .services import cbs_load_year, cbs_years, reference_load


def load_demo(*, password: str, years=None, municipalities=None) -> dict:
    """The real CBS budgets of every municipality (2023-2025, shipped in data/cbs/); the demo
    coordinator's own choices on Utrecht's real begroting 2025. No invented budgets."""
    reference_load()
    report = {}
    for year in cbs_years():
        started = time.perf_counter()
        loaded = cbs_load_year(year=year)
        report[f"cbs_{year}"] = (
            f"{loaded['municipalities']} municipalities, {loaded['created'] + loaded['replaced']} written, {time.perf_counter() - started:.1f} s"
        )
    _utrecht_choices()
    return report


def _utrecht_choices():
    """The demo coordinator's municipality made its own choices in its (real) begroting 2025."""
    from apps.accounts.models import User

    from .services import line_tag, paragraph_generate, paragraph_save, subline_add

    budget = Budget.objects.filter(municipality__cbs_code="GM0344", year=2025, version=Version.PRIMITIVE).first()
    if budget is None or budget.lines.filter(tagged=True).exists():
        return
    user = User.objects.filter(email="coordinator@utrecht.example").first()
    lines = {line.taakveld.code: line for line in budget.lines.filter(parent__isnull=True).select_related("taakveld")}
    if "7.4" in lines:
        subline_add(
            parent=lines["7.4"],
            user=user,
            label="Programma energietransitie: isolatie en warmtenetten",
            lasten=(lines["7.4"].lasten * Decimal("0.45")).quantize(Decimal(1)),
            shares=[(7, Decimal(100))],
            reason="Het programma energietransitie gaat over isoleren en aardgasvrije wijken: dat is doel 7.",
        )
    if "6.3" in lines:
        line_tag(
            line=lines["6.3"],
            user=user,
            shares=[(1, Decimal(70)), (10, Decimal(20)), (5, Decimal(10))],
            reason="Ons armoedebeleid richt zich ook op alleenstaande moeders; daarom een deel voor doel 5.",
        )
    if "5.7" in lines:
        line_tag(
            line=lines["5.7"],
            user=user,
            shares=[(15, Decimal(40)), (11, Decimal(30)), (13, Decimal(20)), (3, Decimal(10))],
            reason="Groen in de wijk is ook gezondheidsbeleid (bewegen, hittestress).",
        )
    budget.refresh_from_db()
    with translation.override("nl"):
        paragraph_save(budget=budget, user=user, text=paragraph_generate(budget=budget))
