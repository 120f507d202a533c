"""Budgets for `make run`: the real CBS Iv3 begroting 2023, 2024 and 2025 of every municipality
(apps/budget/data/cbs/, Bron: CBS, CC BY 4.0), and for the member municipalities a demo begroting 2026
projected from their real 2025 lines, with own tagging, an own line and a Global Goals paragraph for
Utrecht. Deterministic (seeded) and idempotent; bulk inserts."""

from __future__ import annotations

import random
import time
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from apps.membership.models import Membership

from .models import Budget, BudgetLine, GoalTotal, Origin, Version
from .services import cbs_load_year, cbs_years, default_key, lines_allocate, reference_load

PROGRAMMES = {
    0: "Bestuur en bedrijfsvoering",
    1: "Veiligheid",
    2: "Verkeer en mobiliteit",
    3: "Economie",
    4: "Onderwijs",
    5: "Sport, cultuur en recreatie",
    6: "Sociaal domein",
    7: "Gezondheid en duurzaamheid",
    8: "Wonen en ruimte",
}
SOURCE = "Demo"


def load_demo(*, password: str, years=None, municipalities=None) -> dict:
    """The real CBS budgets of every municipality (2023-2025, shipped in data/cbs/), then a demo
    begroting 2026 for the members, projected from their real 2025 lines."""
    reference_load()
    report = {}
    for year in cbs_years():
        started = time.perf_counter()
        loaded = cbs_load_year(year=year)
        report[f"cbs_{year}"] = (
            f"{loaded['municipalities']} municipalities, {loaded['created'] + loaded['replaced']} written, {time.perf_counter() - started:.1f} s"
        )
    report["demo_2026"] = _demo_next_year(municipalities=municipalities)
    _utrecht_choices()
    return report


@transaction.atomic
def _demo_next_year(*, municipalities=None, year: int = 2026, base_year: int = 2025) -> int:
    rng = random.Random(2026)
    key = default_key()
    if municipalities is None:
        municipalities = [m.municipality for m in Membership.objects.select_related("municipality").order_by("municipality__cbs_code")]
    have = set(Budget.objects.filter(year=year).values_list("municipality_id", flat=True))
    bases = {
        b.municipality_id: b
        for b in Budget.objects.filter(year=base_year, version=Version.PRIMITIVE, municipality__in=municipalities).prefetch_related("lines__taakveld")
    }
    created = 0
    for municipality in municipalities:
        base = bases.get(municipality.pk)
        if municipality.pk in have or base is None:
            continue
        budget = Budget.objects.create(
            municipality=municipality, year=year, version=Version.PRIMITIVE, source=SOURCE, origin=Origin.DEMO, key_mode=base.key_mode
        )
        growth = rng.uniform(1.02, 1.05)
        lines = [
            BudgetLine(
                budget=budget,
                taakveld=line.taakveld,
                programme=PROGRAMMES[line.taakveld.main],
                label=line.label,
                lasten=Decimal(round(float(line.lasten) * growth * rng.uniform(0.97, 1.03))),
                baten=Decimal(round(float(line.baten) * growth * rng.uniform(0.97, 1.03))),
                row=line.row,
            )
            for line in base.lines.all()
        ]
        BudgetLine.objects.bulk_create(lines)
        values = [
            {
                "id": i,
                "taakveld_id": line.taakveld_id,
                "parent_id": None,
                "lasten": line.lasten,
                "tagged": False,
                "counts_in_total": line.taakveld.counts_in_total,
                "role": line.taakveld.role,
            }
            for i, line in enumerate(lines)
        ]
        found = lines_allocate(values, {}, key, mode=budget.key_mode)
        GoalTotal.objects.bulk_create([GoalTotal(budget=budget, goal_id=goal, amount=Decimal(c) / 100) for goal, c in found.per_goal.items()])
        budget.total_lasten = Decimal(found.total) / 100
        budget.total_separate = Decimal(found.separate) / 100
        budget.total_baten = sum((line.baten for line in lines if line.taakveld.counts_in_total), Decimal(0))
        budget.save(update_fields=["total_lasten", "total_separate", "total_baten"])
        created += 1
    return created


def _utrecht_choices():
    """The demo coordinator's municipality made its own choices in begroting 2026."""
    from apps.accounts.models import User

    from .services import line_tag, paragraph_generate, paragraph_save, subline_add

    budget = Budget.objects.filter(municipality__cbs_code="GM0344", year=2026, version=Version.PRIMITIVE).first()
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
